package io.credyt.autoconfigure.portal;

/**
 * Something a portal or checkout request names does not exist (a checkout session, a portal
 * feature that is not configured). Answered with the 404 page.
 */
final class PortalNotFoundException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	PortalNotFoundException(String what) {
		super(what);
	}

}

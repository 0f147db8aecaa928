package io.credyt.autoconfigure.portal;

/**
 * A portal request that may not see any customer's billing: no portal session, or a signed-in
 * user who is not the portal session's customer. Answered with the 401 page.
 */
final class PortalAccessDeniedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	PortalAccessDeniedException(String reason) {
		super(reason);
	}

}

package io.credyt.autoconfigure.portal;

import io.credyt.CredytException;

/**
 * A portal link that does not open the portal: it was cut or mangled, its signature does not
 * match (it was tampered with, or signed with another key), it has expired, or it has opened the
 * portal once already. Nothing about any customer is shown for it.
 */
public class InvalidPortalLinkException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	public InvalidPortalLinkException(Reason reason) {
		super("Invalid portal link: " + reason.description());
		this.reason = reason;
	}

	/** @return why the link was refused */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a portal link was refused.
	 */
	public enum Reason {

		/** Missing, truncated or not a portal link at all. */
		MALFORMED("malformed"),

		/** The signature does not match the content: tampered with or signed with another key. */
		BAD_SIGNATURE("bad signature"),

		/** Signed by us, but older than the link time-to-live. */
		EXPIRED("expired"),

		/** Signed by us and not expired, but it has opened the portal once already. */
		USED("used already");

		private final String description;

		Reason(String description) {
			this.description = description;
		}

		/** @return a short description, e.g. "bad signature" */
		public String description() {
			return this.description;
		}

	}

}

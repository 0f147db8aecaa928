package io.credyt.payment;

import io.credyt.CredytException;

/**
 * The payment provider knows no checkout session with this id: nothing was credited.
 */
public class UnknownCheckoutSessionException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String sessionId;

	public UnknownCheckoutSessionException(String sessionId) {
		super("No checkout session '" + sessionId + "'");
		this.sessionId = sessionId;
	}

	/** @return the session id that was asked for */
	public String sessionId() {
		return this.sessionId;
	}

}

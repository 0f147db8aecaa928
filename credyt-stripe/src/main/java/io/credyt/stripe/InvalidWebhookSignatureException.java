package io.credyt.stripe;

import io.credyt.CredytException;

/**
 * A webhook whose {@code Stripe-Signature} does not verify: missing, forged, signed with another
 * secret, for another payload, or older than the tolerance (a replay). Nothing was done with it;
 * the endpoint should answer 400.
 */
public class InvalidWebhookSignatureException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String reason;

	public InvalidWebhookSignatureException(String reason, Throwable cause) {
		super("Invalid Stripe webhook signature: " + reason, cause);
		this.reason = reason;
	}

	public InvalidWebhookSignatureException(String reason) {
		super("Invalid Stripe webhook signature: " + reason);
		this.reason = reason;
	}

	/** @return why the signature was refused, as the Stripe SDK put it */
	public String reason() {
		return this.reason;
	}

}

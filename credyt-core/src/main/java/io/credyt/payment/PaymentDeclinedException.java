package io.credyt.payment;

import io.credyt.CredytException;

/**
 * A payment the provider declined or that failed: nothing was credited.
 */
public class PaymentDeclinedException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String reason;

	public PaymentDeclinedException(String reason) {
		super("Payment declined: " + reason);
		this.reason = reason;
	}

	/** @return the provider's reason, fit to show the customer */
	public String reason() {
		return this.reason;
	}

}

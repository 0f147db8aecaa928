package io.credyt.adjust;

import io.credyt.CredytException;

/**
 * No such top-up for this customer: the payment does not exist, is another customer's, or never
 * succeeded (so there is nothing to refund). Nothing was written.
 */
public class UnknownPaymentException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String customer;

	private final String paymentId;

	public UnknownPaymentException(String customer, String paymentId) {
		super("Customer '" + customer + "' has no paid top-up '" + paymentId + "'");
		this.customer = customer;
		this.paymentId = paymentId;
	}

	public String customer() {
		return this.customer;
	}

	public String paymentId() {
		return this.paymentId;
	}

}

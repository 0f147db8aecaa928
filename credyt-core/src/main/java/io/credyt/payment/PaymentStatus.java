package io.credyt.payment;

/** Where a payment stands. */
public enum PaymentStatus {

	/** Not paid yet (the customer is still at the checkout, or the provider is processing). */
	PENDING,

	/** Paid: the top-up may be credited, once. */
	SUCCEEDED,

	/** Declined or failed: nothing is credited. */
	FAILED

}

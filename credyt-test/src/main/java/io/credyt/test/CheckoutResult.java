package io.credyt.test;

import io.credyt.payment.PaymentStatus;

/**
 * How a test checkout ended.
 *
 * @param sessionId the checkout session's id (the payment's reference in the payment store)
 * @param status {@link PaymentStatus#SUCCEEDED} when the payment was credited,
 * {@link PaymentStatus#FAILED} when the card was refused (nothing credited)
 */
public record CheckoutResult(String sessionId, PaymentStatus status) {

	/** @return whether the payment succeeded and was credited */
	public boolean succeeded() {
		return this.status == PaymentStatus.SUCCEEDED;
	}

}

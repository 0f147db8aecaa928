package io.credyt.payment;

import org.jspecify.annotations.Nullable;

/**
 * A checkout session of the {@link TestPaymentProvider}.
 *
 * @param id the session's id
 * @param request the checkout it was started for
 * @param status pending until a card is tried, then succeeded or failed
 * @param paymentReference the payment's reference once it succeeded
 * @param savedPaymentMethod the card saved at this checkout, if any
 * @param failureReason why the last attempt failed
 */
public record TestCheckoutSession(String id, CheckoutRequest request, PaymentStatus status,
		@Nullable String paymentReference, @Nullable String savedPaymentMethod, @Nullable String failureReason) {

	/**
	 * The session as a payment outcome.
	 * @return the outcome
	 */
	public PaymentOutcome outcome() {
		return new PaymentOutcome(this.id, this.request.customer(), this.status, this.paymentReference,
				this.request.amount(), this.request.currency(), this.savedPaymentMethod, this.failureReason);
	}

}

package io.credyt.payment;

import org.jspecify.annotations.Nullable;

/**
 * What a payment provider did with a refund.
 *
 * @param status {@link PaymentStatus#SUCCEEDED} when the money is on its way back (Stripe's
 * {@code succeeded} and {@code pending}), {@link PaymentStatus#FAILED} when the provider refused
 * it
 * @param refundReference the provider's id of the refund (a Stripe {@code re_…} id), or
 * {@code null} when it was refused
 * @param failureReason why the provider refused it, or {@code null}
 */
public record RefundOutcome(PaymentStatus status, @Nullable String refundReference, @Nullable String failureReason) {

	public static RefundOutcome succeeded(String refundReference) {
		return new RefundOutcome(PaymentStatus.SUCCEEDED, refundReference, null);
	}

	public static RefundOutcome failed(String reason) {
		return new RefundOutcome(PaymentStatus.FAILED, null, reason);
	}

}

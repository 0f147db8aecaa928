package io.credyt.payment;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * What became of a payment.
 *
 * @param sessionId the checkout session id (or the off-session charge's idempotency key)
 * @param customer the customer's external id
 * @param status where it stands
 * @param paymentReference the provider's id of the payment (a Stripe PaymentIntent id): the
 * idempotency key of the credit
 * @param amount the amount, in major units of {@code currency}
 * @param currency the currency code
 * @param savedPaymentMethod the saved card's reference, when one was saved for off-session use
 * @param failureReason why it failed (e.g. "Your card was declined."), or {@code null}
 */
public record PaymentOutcome(String sessionId, String customer, PaymentStatus status, @Nullable String paymentReference,
		BigDecimal amount, String currency, @Nullable String savedPaymentMethod, @Nullable String failureReason) {
}

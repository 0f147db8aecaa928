package io.credyt.payment;

import java.math.BigDecimal;

/**
 * Money sent back to the card a top-up was paid with.
 *
 * @param customer the customer's external id
 * @param paymentReference the provider's id of the payment to refund (a Stripe PaymentIntent id)
 * @param amount how much to send back, in major units of {@code currency}; at most what the
 * payment has left to refund
 * @param currency the payment's currency code
 * @param idempotencyKey makes a retried refund refund once
 */
public record RefundRequest(String customer, String paymentReference, BigDecimal amount, String currency,
		String idempotencyKey) {
}

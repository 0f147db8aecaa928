package io.credyt.payment;

import java.math.BigDecimal;

/**
 * A charge of a saved payment method, without the customer present.
 *
 * @param customer the customer's external id
 * @param paymentMethod the saved payment method's reference
 * @param amount the amount, in major units of {@code currency}
 * @param currency the currency code
 * @param idempotencyKey makes a retried charge charge once
 */
public record OffSessionCharge(String customer, String paymentMethod, BigDecimal amount, String currency,
		String idempotencyKey) {
}

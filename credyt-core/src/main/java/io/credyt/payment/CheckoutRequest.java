package io.credyt.payment;

import java.math.BigDecimal;

/**
 * A top-up checkout to start.
 *
 * @param customer the customer's external id
 * @param amount the amount to pay, in major units of {@code currency}
 * @param currency the currency code, e.g. {@code USD}
 * @param successUrl where the provider sends the customer after paying
 * @param cancelUrl where the provider sends the customer after giving up or a failure
 * @param savePaymentMethod whether to save the card for off-session charges (auto top-up)
 * @param idempotencyKey makes a retried start create one session
 */
public record CheckoutRequest(String customer, BigDecimal amount, String currency, String successUrl,
		String cancelUrl, boolean savePaymentMethod, String idempotencyKey) {
}

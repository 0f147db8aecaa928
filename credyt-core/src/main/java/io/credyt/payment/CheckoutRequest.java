package io.credyt.payment;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * A checkout to start: a top-up, or a subscription's first fee.
 *
 * @param customer the customer's external id
 * @param amount the amount to pay, in major units of {@code currency}
 * @param currency the currency code, e.g. {@code USD}
 * @param successUrl where the provider sends the customer after paying
 * @param cancelUrl where the provider sends the customer after giving up or a failure
 * @param savePaymentMethod whether to save the card for off-session charges (auto top-up)
 * @param idempotencyKey makes a retried start create one session
 * @param description what the customer pays for, as the checkout page shows it (e.g. "Pro
 * subscription, $20.00 a month"); {@code null} for a balance top-up
 */
public record CheckoutRequest(String customer, BigDecimal amount, String currency, String successUrl,
		String cancelUrl, boolean savePaymentMethod, String idempotencyKey, @Nullable String description) {

	/** The longest description kept. */
	public static final int MAX_DESCRIPTION = 255;

	public CheckoutRequest {
		if (description != null && (description.isBlank() || description.length() > MAX_DESCRIPTION)) {
			throw new io.credyt.InvalidRequestException("description", "must be 1 to " + MAX_DESCRIPTION + " characters");
		}
	}

	/**
	 * A top-up checkout to start.
	 * @param customer the customer's external id
	 * @param amount the amount to pay, in major units of {@code currency}
	 * @param currency the currency code, e.g. {@code USD}
	 * @param successUrl where the provider sends the customer after paying
	 * @param cancelUrl where the provider sends the customer after giving up or a failure
	 * @param savePaymentMethod whether to save the card for off-session charges (auto top-up)
	 * @param idempotencyKey makes a retried start create one session
	 */
	public CheckoutRequest(String customer, BigDecimal amount, String currency, String successUrl, String cancelUrl,
			boolean savePaymentMethod, String idempotencyKey) {
		this(customer, amount, currency, successUrl, cancelUrl, savePaymentMethod, idempotencyKey, null);
	}

}

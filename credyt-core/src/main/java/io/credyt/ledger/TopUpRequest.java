package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Money that came in through a payment, to credit as paid value, converted into the target asset
 * at its rate. Credited at most once per payment reference.
 *
 * @param paymentReference the payment's id at the provider: the idempotency key
 * @param paid the amount paid
 * @param paidAsset the asset paid in (the base currency, usually)
 * @param asset the asset to credit
 * @param expiresAt when the credited value expires, or {@code null}
 */
public record TopUpRequest(String paymentReference, BigDecimal paid, String paidAsset, String asset,
		@Nullable Instant expiresAt) {

	public static TopUpRequest of(String paymentReference, String paid, String paidAsset, String asset) {
		return new TopUpRequest(paymentReference, new BigDecimal(paid), paidAsset, asset, null);
	}

}

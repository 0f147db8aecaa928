package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An allowance of product units to give a customer: 10 free images once, 200 images a month.
 *
 * @param product the product code
 * @param units units per period, positive
 * @param period how often it renews
 * @param startsAt the first period's start ({@code null}: now)
 * @param expiresAt when it ends altogether ({@code null}: never)
 * @param reference what it comes from (sign-up, a plan); an entitlement with a reference is
 * created at most once per customer and reference
 */
public record EntitlementRequest(String product, BigDecimal units, EntitlementPeriod period,
		@Nullable Instant startsAt, @Nullable Instant expiresAt, @Nullable String reference) {

	public static EntitlementRequest once(String product, long units) {
		return new EntitlementRequest(product, BigDecimal.valueOf(units), EntitlementPeriod.ONCE, null, null, null);
	}

	public static EntitlementRequest every(EntitlementPeriod period, String product, long units) {
		return new EntitlementRequest(product, BigDecimal.valueOf(units), period, null, null, null);
	}

	public EntitlementRequest startsAt(@Nullable Instant when) {
		return new EntitlementRequest(this.product, this.units, this.period, when, this.expiresAt, this.reference);
	}

	public EntitlementRequest expiresAt(@Nullable Instant when) {
		return new EntitlementRequest(this.product, this.units, this.period, this.startsAt, when, this.reference);
	}

	public EntitlementRequest reference(@Nullable String value) {
		return new EntitlementRequest(this.product, this.units, this.period, this.startsAt, this.expiresAt, value);
	}

}

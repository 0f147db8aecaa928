package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An allowance of product units, consumed before any money.
 *
 * @param id the entitlement id
 * @param customer the customer's external id
 * @param product the product code
 * @param units units per period
 * @param used units used in the current period
 * @param period how often it renews
 * @param anchorAt the first period's start: later periods are counted from it
 * @param periodStart the current period's start
 * @param periodEnd the current period's end, or {@code null} for a one-time allowance
 * @param expiresAt when it ends altogether, or {@code null}
 * @param reference what it comes from, or {@code null}
 */
public record Entitlement(UUID id, String customer, String product, BigDecimal units, BigDecimal used,
		EntitlementPeriod period, Instant anchorAt, Instant periodStart, @Nullable Instant periodEnd, @Nullable Instant expiresAt,
		@Nullable String reference) {

	/**
	 * Units left in the current period.
	 * @return {@code units − used}
	 */
	public BigDecimal remaining() {
		return this.units.subtract(this.used);
	}

}

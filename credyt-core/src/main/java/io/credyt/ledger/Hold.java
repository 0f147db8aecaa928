package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An authorization: funds (and entitlement units) reserved before the work.
 *
 * @param id the hold id
 * @param customer the customer's external id
 * @param product the product code
 * @param asset the asset reserved
 * @param quantity the estimated quantity
 * @param dimensions the dimension values
 * @param entitledUnits the units taken from entitlements
 * @param amount the money reserved for the rest
 * @param status where it stands
 * @param createdAt when it was placed
 * @param expiresAt when the sweeper may expire it
 * @param endedAt when it was captured, released or expired
 * @param usageEventId the usage event it became, when captured
 */
public record Hold(UUID id, String customer, String product, String asset, BigDecimal quantity,
		Map<String, String> dimensions, BigDecimal entitledUnits, BigDecimal amount, HoldStatus status,
		Instant createdAt, Instant expiresAt, @Nullable Instant endedAt, @Nullable String usageEventId) {
}

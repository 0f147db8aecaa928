package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A usage event as recorded: immutable once written.
 *
 * @param id the usage event id
 * @param customer the customer's external id
 * @param product the product code
 * @param quantity the quantity billed
 * @param dimensions the dimension values
 * @param occurredAt when the work happened
 * @param recordedAt when it was billed
 * @param asset the asset charged
 * @param entitledUnits the units covered by entitlements
 * @param fee the money charged
 * @param split which grants paid the fee
 * @param cost the vendor cost, in the base currency
 * @param holdId the hold it was captured from, or {@code null} when billed directly
 */
public record UsageRecord(String id, String customer, String product, BigDecimal quantity,
		Map<String, String> dimensions, Instant occurredAt, Instant recordedAt, String asset, BigDecimal entitledUnits,
		BigDecimal fee, FeeSplit split, BigDecimal cost, @Nullable UUID holdId) {
}

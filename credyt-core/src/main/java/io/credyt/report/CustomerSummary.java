package io.credyt.report;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A row of the dashboard's customer list, in one asset.
 *
 * @param externalId the application's user id
 * @param createdAt when the ledger first saw the customer
 * @param asset the asset the amounts are in
 * @param posted the account's posted balance (zero without an account)
 * @param held the active holds' total
 * @param available posted minus held
 * @param spendThisMonth usage fees charged in the asset since the start of this month (UTC)
 * @param lastUsageAt when usage was last recorded, or {@code null}
 */
public record CustomerSummary(String externalId, Instant createdAt, String asset, BigDecimal posted,
		BigDecimal held, BigDecimal available, BigDecimal spendThisMonth, @Nullable Instant lastUsageAt) {
}

package io.credyt.adjust;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.ledger.FeeSplit;

/**
 * A charge given back: its fee returned to the wallet as the same kinds of value that paid it
 * (promotional, bundled, paid; what an overdraft lent settles the debt), and the entitlement units
 * it used returned to their allowance when its period is still running.
 *
 * @param usageEventId the refunded usage event
 * @param customer the customer's external id
 * @param product the usage's product
 * @param asset the asset the fee was charged in
 * @param fee the fee given back
 * @param split which kinds of value were given back, as the charge consumed them
 * @param units the entitlement units the charge used
 * @param unitsRestored the units given back to their allowances (fewer when a period has rolled
 * over since)
 * @param adjustmentId the adjustment that credited the fee, or {@code null} when the fee was zero
 * @param operator who refunded it
 * @param reason why
 * @param refundedAt when
 */
public record ChargeRefund(String usageEventId, String customer, String product, String asset, BigDecimal fee,
		FeeSplit split, BigDecimal units, BigDecimal unitsRestored, @Nullable UUID adjustmentId, String operator,
		String reason, Instant refundedAt) {
}

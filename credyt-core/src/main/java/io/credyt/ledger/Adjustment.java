package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A recorded correction.
 *
 * @param id the adjustment id
 * @param customer the customer's external id
 * @param asset the asset code
 * @param amount the signed amount
 * @param reason why
 * @param reference what it corrects
 * @param note free text
 * @param grantId the grant a positive adjustment created, or {@code null}
 * @param createdAt when it was made
 * @param actor who made it (an operator's principal name), or {@code null} when the application
 * made it through the ledger
 */
public record Adjustment(UUID id, String customer, String asset, BigDecimal amount, AdjustmentReason reason,
		String reference, @Nullable String note, @Nullable UUID grantId, Instant createdAt, @Nullable String actor) {

	public Adjustment(UUID id, String customer, String asset, BigDecimal amount, AdjustmentReason reason,
			String reference, @Nullable String note, @Nullable UUID grantId, Instant createdAt) {
		this(id, customer, asset, amount, reason, reference, note, grantId, createdAt, null);
	}

}

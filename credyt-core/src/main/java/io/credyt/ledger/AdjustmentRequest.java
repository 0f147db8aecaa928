package io.credyt.ledger;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * A signed correction. Positive: new value, as a grant. Negative: value taken, consuming grants
 * in the usual order, or only grants of {@code purpose} when one is given; never below the
 * overdraft limit.
 *
 * @param asset the asset code
 * @param amount the signed amount, not zero
 * @param reason why
 * @param reference what it corrects (a usage event id, a payment id); required
 * @param purpose the grant purpose to credit or to take from ({@code null}: the reason's default
 * when crediting, any when taking)
 * @param note free text for the operator
 */
public record AdjustmentRequest(String asset, BigDecimal amount, AdjustmentReason reason, String reference,
		@Nullable GrantPurpose purpose, @Nullable String note) {

	public static AdjustmentRequest of(String asset, String amount, AdjustmentReason reason, String reference) {
		return new AdjustmentRequest(asset, new BigDecimal(amount), reason, reference, null, null);
	}

	public AdjustmentRequest purpose(@Nullable GrantPurpose value) {
		return new AdjustmentRequest(this.asset, this.amount, this.reason, this.reference, value, this.note);
	}

	public AdjustmentRequest note(@Nullable String value) {
		return new AdjustmentRequest(this.asset, this.amount, this.reason, this.reference, this.purpose, value);
	}

}

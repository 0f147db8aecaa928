package io.credyt.ledger;

/**
 * Why an adjustment corrects a balance. A positive adjustment becomes a credit grant of
 * {@link #defaultPurpose()} unless the request names another.
 */
public enum AdjustmentReason {

	/** Value given back for a charge that should not have been made. */
	REFUND(GrantPurpose.PAID),

	/** Free value from the operator. */
	GIFT(GrantPurpose.PROMOTIONAL),

	/** Money the customer paid outside the payment provider (bank transfer, invoice). */
	EXTERNAL_TOPUP(GrantPurpose.PAID),

	/** A chargeback: paid value taken back because the card's bank took the payment back. */
	CHARGEBACK(GrantPurpose.PAID),

	/** Money of a top-up sent back to its card by the operator: paid value taken out first. */
	TOPUP_REFUND(GrantPurpose.PAID),

	/** Any other correction. */
	CORRECTION(GrantPurpose.PAID),

	/** A subscription's fee, paid from the wallet (negative). */
	SUBSCRIPTION_FEE(GrantPurpose.PAID),

	/** The unused part of a subscription's fee, credited to the wallet at an upgrade. */
	SUBSCRIPTION_CREDIT(GrantPurpose.PAID);

	private final GrantPurpose defaultPurpose;

	AdjustmentReason(GrantPurpose defaultPurpose) {
		this.defaultPurpose = defaultPurpose;
	}

	public GrantPurpose defaultPurpose() {
		return this.defaultPurpose;
	}

}

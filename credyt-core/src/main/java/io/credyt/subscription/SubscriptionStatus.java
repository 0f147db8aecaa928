package io.credyt.subscription;

/** Where a subscription stands. */
public enum SubscriptionStatus {

	/** Started at a checkout whose first fee is not paid yet: no allowance, no plan prices. */
	INCOMPLETE,

	/** Paid for the current period: the plan's allowance and prices apply. */
	ACTIVE,

	/**
	 * The period ended and its renewal fee could not be collected; retried on a schedule. Until it
	 * is paid, the customer has no allowance and pays the products' own prices.
	 */
	PAST_DUE,

	/** Ended: cancelled at a period's end, never paid, or its renewal kept failing. */
	CANCELED

}

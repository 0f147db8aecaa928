package io.credyt.ledger;

import java.time.Duration;

/**
 * Hears what the ledger's hot path does, for metrics and logs. Called on the caller's thread
 * after each operation; must be fast and must not throw. Every method does nothing by default.
 */
public interface BillingObserver {

	/** An observer that hears nothing. */
	BillingObserver NONE = new BillingObserver() {
	};

	/**
	 * A hold was placed.
	 * @param hold the hold
	 * @param took how long the authorization took
	 */
	default void authorized(Hold hold, Duration took) {
	}

	/**
	 * An authorization was declined for want of funds.
	 * @param product the product code
	 * @param declined the exception the caller got
	 * @param took how long the authorization took
	 */
	default void declined(String product, InsufficientBalanceException declined, Duration took) {
	}

	/**
	 * An authorization failed for another reason (bad input, a database error).
	 * @param product the product code, as given
	 * @param error the exception the caller got
	 * @param took how long the attempt took
	 */
	default void authorizationFailed(String product, RuntimeException error, Duration took) {
	}

	/**
	 * Usage was recorded and billed, by a capture or directly.
	 * @param usage the usage as recorded
	 * @param captured whether it came from a hold
	 * @param took how long the operation took
	 */
	default void recorded(UsageRecord usage, boolean captured, Duration took) {
	}

	/**
	 * A hold was released.
	 * @param hold the released hold
	 */
	default void released(Hold hold) {
	}

	/**
	 * The sweeper expired holds.
	 * @param count how many
	 */
	default void expired(int count) {
	}

}

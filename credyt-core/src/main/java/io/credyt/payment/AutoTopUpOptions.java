package io.credyt.payment;

import java.time.Duration;

/**
 * The limits that keep auto top-up from charging a card in a storm.
 *
 * @param cooldown how long after a failed top-up no new one starts for that customer
 * @param maxPerDay how many top-ups a customer's auto top-up may try per UTC day
 * @param staleAfter how long a top-up may stay in flight before it is presumed lost (the
 * process died mid-charge) and a new one may start; the charge's idempotency key makes a
 * retried charge of the same top-up charge once
 */
public record AutoTopUpOptions(Duration cooldown, int maxPerDay, Duration staleAfter) {

	/** One hour of cooldown, three top-ups a day, in-flight presumed lost after ten minutes. */
	public static final AutoTopUpOptions DEFAULTS = new AutoTopUpOptions(Duration.ofHours(1), 3,
			Duration.ofMinutes(10));

	public AutoTopUpOptions {
		if (cooldown == null || cooldown.isNegative()) {
			throw new IllegalArgumentException("cooldown must not be negative, was " + cooldown);
		}
		if (maxPerDay < 1) {
			throw new IllegalArgumentException("maxPerDay must be at least 1, was " + maxPerDay);
		}
		if (staleAfter == null || staleAfter.isNegative() || staleAfter.isZero()) {
			throw new IllegalArgumentException("staleAfter must be positive, was " + staleAfter);
		}
	}

}

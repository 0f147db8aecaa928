package io.credyt.subscription;

import java.time.Duration;
import java.util.List;

import io.credyt.InvalidRequestException;

/**
 * How renewals behave.
 *
 * @param retrySchedule when a renewal whose fee could not be collected is tried again, each
 * counted from the period's end (by default after 1 day, then 3 days); after the last, the
 * subscription is cancelled
 * @param staleClaimAfter how long a renewal claimed by an instance that then died waits before
 * another instance takes it over (the charge is retried with the same idempotency key, so it
 * is made once)
 */
public record SubscriptionOptions(List<Duration> retrySchedule, Duration staleClaimAfter) {

	/** The most retries a schedule may have. */
	public static final int MAX_RETRIES = 10;

	public SubscriptionOptions {
		retrySchedule = List.copyOf(retrySchedule);
		if (retrySchedule.size() > MAX_RETRIES) {
			throw new InvalidRequestException("retrySchedule", "has at most " + MAX_RETRIES + " retries");
		}
		Duration previous = Duration.ZERO;
		for (Duration retry : retrySchedule) {
			if (retry.compareTo(previous) <= 0 || retry.compareTo(Duration.ofDays(366)) > 0) {
				throw new InvalidRequestException("retrySchedule",
						"each retry comes after the one before, within a year of the period's end");
			}
			previous = retry;
		}
		if (staleClaimAfter == null || staleClaimAfter.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new InvalidRequestException("staleClaimAfter", "must be at least a second");
		}
	}

	public static SubscriptionOptions defaults() {
		return new SubscriptionOptions(List.of(Duration.ofDays(1), Duration.ofDays(3)), Duration.ofMinutes(5));
	}

}

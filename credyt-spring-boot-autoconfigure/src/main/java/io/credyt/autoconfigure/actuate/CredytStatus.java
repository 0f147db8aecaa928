package io.credyt.autoconfigure.actuate;

import org.jspecify.annotations.Nullable;

/**
 * What the {@code credyt} endpoint reports: counts over the whole ledger, read at one moment.
 *
 * @param customers customers the ledger knows
 * @param activeHolds holds neither captured, released nor expired yet
 * @param oldestActiveHoldAgeSeconds how long ago the oldest active hold was placed, in seconds, or
 * {@code null} when there is none; much longer than {@code credyt.holds.time-to-live} means the
 * sweeper is not expiring holds
 * @param autoTopUpsFailing customers whose auto top-up is on and whose last one failed
 * @param paymentsPending top-ups started and not yet paid or failed
 * @param webhookDeliveriesPending webhook deliveries not yet delivered nor given up
 * @param webhookDestinationsDisabled destinations no longer sent to, each as {@code name: reason}
 * (it answered 410, or failed for days, or an operator disabled it)
 */
public record CredytStatus(long customers, long activeHolds, @Nullable Long oldestActiveHoldAgeSeconds,
		long autoTopUpsFailing, long paymentsPending, long webhookDeliveriesPending,
		java.util.List<String> webhookDestinationsDisabled) {

	public CredytStatus {
		webhookDestinationsDisabled = java.util.List.copyOf(webhookDestinationsDisabled);
	}

}

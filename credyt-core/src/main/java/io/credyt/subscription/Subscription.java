package io.credyt.subscription;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A customer's subscription to a plan. A customer has at most one subscription that is not
 * {@link SubscriptionStatus#CANCELED}.
 *
 * @param id the subscription's id
 * @param customer the customer's external id
 * @param plan the plan code
 * @param status where it stands
 * @param source how its fees are paid
 * @param paymentMethod the saved card renewals charge, for {@link FeeSource#CARD}, once known
 * @param periodStart the current period's start (while past due, the last paid period's); {@code null}
 * before the first fee is paid
 * @param periodEnd that period's end: when it renews (while past due, when the unpaid period
 * began); {@code null} before the first fee is paid
 * @param cancelAtPeriodEnd whether it ends at {@code periodEnd} instead of renewing
 * @param nextPlan the plan it moves to at {@code periodEnd} (a downgrade), or {@code null}
 * @param failedAttempts renewal attempts that failed for the unpaid period
 * @param nextAttemptAt when the renewal is next tried, while past due
 * @param lastFailureReason why the last fee could not be collected, or {@code null}
 * @param createdAt when it was started
 * @param updatedAt when it last changed
 * @param endedAt when it was cancelled, or {@code null}
 */
public record Subscription(UUID id, String customer, String plan, SubscriptionStatus status, FeeSource source,
		@Nullable String paymentMethod, @Nullable Instant periodStart, @Nullable Instant periodEnd,
		boolean cancelAtPeriodEnd, @Nullable String nextPlan, int failedAttempts, @Nullable Instant nextAttemptAt,
		@Nullable String lastFailureReason, Instant createdAt, Instant updatedAt, @Nullable Instant endedAt) {

	/**
	 * Whether the plan's allowance and prices apply now.
	 * @return whether it is active
	 */
	public boolean active() {
		return this.status == SubscriptionStatus.ACTIVE;
	}

	/**
	 * When it next renews: the period's end, unless it is cancelled at the end.
	 * @return the renewal time, or {@code null} when it does not renew
	 */
	public @Nullable Instant renewsAt() {
		return (this.status == SubscriptionStatus.ACTIVE && !this.cancelAtPeriodEnd) ? this.periodEnd : null;
	}

}

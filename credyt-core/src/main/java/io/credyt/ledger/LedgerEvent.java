package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A change the ledger is about to commit, handed to every {@link LedgerEventListener} inside the
 * same transaction, so that what a listener writes (an outbox row, a claim) commits or rolls back
 * with the change itself.
 */
public sealed interface LedgerEvent {

	/** The external id of the customer whose wallet changed. */
	String customer();

	/** A usage was recorded, by a capture or directly. */
	record UsageRecorded(UsageRecord usage) implements LedgerEvent {

		@Override
		public String customer() {
			return this.usage.customer();
		}

	}

	/** A hold was placed. */
	record HoldPlaced(Hold hold) implements LedgerEvent {

		@Override
		public String customer() {
			return this.hold.customer();
		}

	}

	/**
	 * A hold ended without a charge (released or expired); a captured hold ends with
	 * {@link UsageRecorded}.
	 */
	record HoldEnded(String customer, UUID holdId, HoldStatus status) implements LedgerEvent {
	}

	/** Value was granted (a top-up's paid grant included). */
	record CreditGranted(CreditGrant grant) implements LedgerEvent {

		@Override
		public String customer() {
			return this.grant.customer();
		}

	}

	/** A top-up was credited. */
	record TopUpCredited(String customer, TopUp topUp) implements LedgerEvent {
	}

	/** An adjustment was recorded. */
	record AdjustmentRecorded(Adjustment adjustment) implements LedgerEvent {

		@Override
		public String customer() {
			return this.adjustment.customer();
		}

	}

	/**
	 * An account's balance moved (posted or held): its available balance before the transaction
	 * and when it commits, so a listener can tell when it crossed a threshold. One per account
	 * and transaction, after the account's other events.
	 */
	record BalanceChanged(String customer, String asset, BigDecimal availableBefore, BigDecimal availableAfter)
			implements LedgerEvent {

		/** Whether the balance went from at or above {@code threshold} to below it. */
		public boolean crossedBelow(BigDecimal threshold) {
			return this.availableBefore.compareTo(threshold) >= 0 && this.availableAfter.compareTo(threshold) < 0;
		}

	}

	/**
	 * A subscription started, renewed, changed or ended. Its fields are plain values, so that the
	 * ledger's events do not depend on the subscription API.
	 *
	 * @param customer the customer's external id
	 * @param subscriptionId the subscription
	 * @param plan its plan code afterwards
	 * @param status its status afterwards ({@code ACTIVE}, {@code PAST_DUE}, {@code CANCELED} …)
	 * @param change what happened: {@code activated}, {@code renewed}, {@code upgraded},
	 * {@code downgrade_scheduled}, {@code downgrade_undone}, {@code cancel_scheduled},
	 * {@code reactivated}, {@code past_due} or {@code canceled}
	 * @param periodEnd the current period's end afterwards, or {@code null}
	 * @param nextPlan the plan it moves to at the period's end, or {@code null}
	 * @param failureReason why the fee could not be collected, for {@code past_due} and a
	 * {@code canceled} that followed failures, else {@code null}
	 */
	record SubscriptionChanged(String customer, UUID subscriptionId, String plan, String status, String change,
			@Nullable Instant periodEnd, @Nullable String nextPlan, @Nullable String failureReason)
			implements LedgerEvent {
	}

}

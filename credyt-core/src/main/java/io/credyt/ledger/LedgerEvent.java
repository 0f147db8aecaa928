package io.credyt.ledger;

import java.math.BigDecimal;
import java.util.UUID;

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

}

package io.credyt.engine;

import java.time.Instant;
import java.util.UUID;

import io.credyt.catalog.Product;
import io.credyt.catalog.Quote;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;

/**
 * A validated, quoted request on one account, ready to be planned in a batch with others.
 */
public sealed interface Command permits Command.Authorize, Command.Capture, Command.Release, Command.Record {

	/** The customer whose account the command works on. */
	long customerId();

	/** The asset of that account. */
	String asset();

	default AccountKey account() {
		return new AccountKey(customerId(), asset());
	}

	/**
	 * Reserve the quote's fee (after entitlements) as a new hold.
	 * @param customerId the paying customer
	 * @param customer their external id
	 * @param product the product
	 * @param quote the estimate
	 * @param holdId the new hold's id
	 * @param expiresAt when the sweeper may expire it
	 */
	record Authorize(long customerId, String customer, Product product, Quote quote, UUID holdId,
			Instant expiresAt) implements Command {

		@Override
		public String asset() {
			return this.quote.asset();
		}

	}

	/**
	 * Turn an active hold into a usage event of the final quantity.
	 * @param customerId the hold's customer
	 * @param hold the hold as placed (its immutable part; the status is checked when applied)
	 * @param product the product
	 * @param quote the final quantity's quote
	 * @param eventId the usage event id (idempotency key)
	 * @param fingerprint the usage's payload fingerprint
	 * @param occurredAt when the usage happened
	 */
	record Capture(long customerId, Hold hold, Product product, Quote quote, String eventId, String fingerprint,
			Instant occurredAt) implements Command {

		@Override
		public String asset() {
			return this.hold.asset();
		}

	}

	/**
	 * End an active hold without a charge, giving its funds and units back.
	 * @param customerId the hold's customer
	 * @param hold the hold
	 * @param endAs {@link HoldStatus#RELEASED} or {@link HoldStatus#EXPIRED}
	 */
	record Release(long customerId, Hold hold, HoldStatus endAs) implements Command {

		@Override
		public String asset() {
			return this.hold.asset();
		}

	}

	/**
	 * Debit a usage directly, without a hold.
	 * @param customerId the paying customer
	 * @param customer their external id
	 * @param product the product
	 * @param quote the usage's quote
	 * @param eventId the usage event id (idempotency key)
	 * @param fingerprint the usage's payload fingerprint
	 * @param occurredAt when the usage happened
	 */
	record Record(long customerId, String customer, Product product, Quote quote, String eventId,
			String fingerprint, Instant occurredAt) implements Command {

		@Override
		public String asset() {
			return this.quote.asset();
		}

	}

}

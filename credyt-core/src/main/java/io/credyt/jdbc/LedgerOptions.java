package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;

import io.credyt.InvalidRequestException;
import io.credyt.money.Money;

/**
 * Settings of the JDBC ledger.
 *
 * @param holdTimeToLive how long a hold lives before the sweeper may expire it
 * @param defaultOverdraftLimit the overdraft limit new accounts get (0: never below zero)
 * @param maxRetries how often a transaction that lost a deadlock or lock wait is retried
 * @param groupCommit how concurrent operations on one wallet are coalesced into one transaction
 */
public record LedgerOptions(Duration holdTimeToLive, BigDecimal defaultOverdraftLimit, int maxRetries,
		GroupCommit groupCommit) {

	public LedgerOptions {
		if (holdTimeToLive == null || holdTimeToLive.isNegative() || holdTimeToLive.isZero()) {
			throw new InvalidRequestException("holdTimeToLive", "must be positive, was " + holdTimeToLive);
		}
		defaultOverdraftLimit = Money.exact(defaultOverdraftLimit, "defaultOverdraftLimit");
		if (defaultOverdraftLimit.signum() < 0) {
			throw new InvalidRequestException("defaultOverdraftLimit", "must not be negative");
		}
		if (maxRetries < 0) {
			throw new InvalidRequestException("maxRetries", "must not be negative");
		}
		if (groupCommit == null) {
			throw new InvalidRequestException("groupCommit", "is required");
		}
	}

	/**
	 * Holds live 10 minutes, no overdraft, 3 retries, group commit on with batches of up to 64.
	 * @return the defaults
	 */
	public static LedgerOptions defaults() {
		return new LedgerOptions(Duration.ofMinutes(10), BigDecimal.ZERO, 3, GroupCommit.DEFAULT);
	}

	public LedgerOptions holdTimeToLive(Duration value) {
		return new LedgerOptions(value, this.defaultOverdraftLimit, this.maxRetries, this.groupCommit);
	}

	public LedgerOptions defaultOverdraftLimit(BigDecimal value) {
		return new LedgerOptions(this.holdTimeToLive, value, this.maxRetries, this.groupCommit);
	}

	public LedgerOptions groupCommit(GroupCommit value) {
		return new LedgerOptions(this.holdTimeToLive, this.defaultOverdraftLimit, this.maxRetries, value);
	}

	/**
	 * Group commit: operations on one wallet (one account) that arrive while another transaction
	 * on it is running wait, then run together in the next transaction, each in a savepoint of its
	 * own so each gets its own answer; the wallet's row lock and the commit's flush are paid once
	 * for the batch. Only operations within one application instance are coalesced; correctness
	 * still comes from the database's guarded updates.
	 *
	 * @param enabled whether operations are coalesced
	 * @param maxBatch the most operations in one transaction: bounds a batch's latency
	 */
	public record GroupCommit(boolean enabled, int maxBatch) {

		/** On, with batches of up to 64 operations. */
		public static final GroupCommit DEFAULT = new GroupCommit(true, 64);

		/** Off: every operation is a transaction of its own. */
		public static final GroupCommit OFF = new GroupCommit(false, 1);

		/** The largest batch: PostgreSQL caches 64 subtransactions (savepoints) per backend. */
		public static final int MAX_BATCH = 64;

		public GroupCommit {
			if (maxBatch < 1 || maxBatch > MAX_BATCH) {
				throw new InvalidRequestException("groupCommit.maxBatch",
						"must be between 1 and " + MAX_BATCH + ", was " + maxBatch);
			}
		}

	}

}

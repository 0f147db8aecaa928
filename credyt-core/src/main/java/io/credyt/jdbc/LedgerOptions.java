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
	 * Holds live 10 minutes, no overdraft, 3 retries, batching on with batches of up to 64 in one lane.
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
	 * Batching: commands (authorize, capture, release, record) of any wallets that arrive while
	 * a batch is being applied are applied together in the next batch, one transaction with one
	 * set-based statement per kind of write; each caller still gets its own answer, after the
	 * commit.
	 * @param enabled whether commands are batched (off: each is a transaction of its own)
	 * @param maxBatch the most commands in one batch: bounds a batch's latency and its statements
	 * @param lanes how many batches may be applied at once by one instance; a customer's commands
	 * always share a lane
	 */
	public record GroupCommit(boolean enabled, int maxBatch, int lanes) {

		/** Lanes unless told otherwise. */
		public static final int DEFAULT_LANES = 1;

		/** On, with batches of up to 64 commands in one lane. */
		public static final GroupCommit DEFAULT = new GroupCommit(true, 64, DEFAULT_LANES);

		/** Off: every command is a transaction of its own. */
		public static final GroupCommit OFF = new GroupCommit(false, 1, 1);

		/** The largest batch. */
		public static final int MAX_BATCH = 64;

		/** The most lanes: each applies a batch on a connection of its own. */
		public static final int MAX_LANES = 64;

		public GroupCommit {
			if (maxBatch < 1 || maxBatch > MAX_BATCH) {
				throw new InvalidRequestException("groupCommit.maxBatch",
						"must be between 1 and " + MAX_BATCH + ", was " + maxBatch);
			}
			if (lanes < 1 || lanes > MAX_LANES) {
				throw new InvalidRequestException("groupCommit.lanes",
						"must be between 1 and " + MAX_LANES + ", was " + lanes);
			}
		}

		/**
		 * Batching with the default number of lanes.
		 * @param enabled whether commands are batched
		 * @param maxBatch the most commands in one batch
		 */
		public GroupCommit(boolean enabled, int maxBatch) {
			this(enabled, maxBatch, DEFAULT_LANES);
		}

	}

}

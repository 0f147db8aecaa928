package io.credyt.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

import io.credyt.ledger.Ledger;

/**
 * Every sweep interval, expires the holds whose time-to-live has passed (batch after batch, until
 * none is left) and applies due grant changes to idle accounts. Runs on one daemon thread of its
 * own; a failed sweep is logged and the next one runs as planned. Safe on every instance at once:
 * the ledger expires each hold exactly once.
 */
public final class HoldSweeper implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HoldSweeper.class);

	private final Ledger ledger;

	private final Clock clock;

	private final int batchSize;

	private final FixedDelayThreads threads;

	private volatile boolean stopping;

	/**
	 * Creates a sweeper.
	 * @param ledger the ledger
	 * @param clock the clock holds expire by
	 * @param interval the time between the end of one sweep and the start of the next
	 * @param batchSize the most holds or accounts handled per transaction
	 */
	public HoldSweeper(Ledger ledger, Clock clock, Duration interval, int batchSize) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("The sweep interval must be positive, was " + interval);
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("The sweep batch size must be at least 1, was " + batchSize);
		}
		this.ledger = ledger;
		this.clock = clock;
		this.batchSize = batchSize;
		this.threads = new FixedDelayThreads("credyt-hold-sweeper", 1, interval, logger, "Sweeping expired holds",
				this::sweepAndLog);
	}

	/**
	 * Sweeps once, now, on the caller's thread.
	 * @return how many holds were expired
	 */
	public int sweep() {
		int expired = 0;
		int count;
		do {
			count = this.ledger.expireHolds(this.clock.instant(), this.batchSize);
			expired += count;
		}
		while (count > 0 && !this.stopping);
		int processed;
		do {
			processed = this.ledger.applyDueGrantChanges(this.clock.instant(), this.batchSize);
		}
		while (processed >= this.batchSize && !this.stopping);
		return expired;
	}

	private void sweepAndLog() {
		int expired = sweep();
		if (expired > 0 && logger.isDebugEnabled()) {
			logger.debug("Expired " + expired + " holds");
		}
	}

	@Override
	public void start() {
		this.stopping = false;
		this.threads.start();
	}

	@Override
	public void stop() {
		this.stopping = true;
		this.threads.stop();
	}

	@Override
	public boolean isRunning() {
		return this.threads.isRunning();
	}

}

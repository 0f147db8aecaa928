package io.credyt.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
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

	private final Duration interval;

	private final int batchSize;

	private final Object lifecycleMonitor = new Object();

	private @Nullable ScheduledExecutorService scheduler;

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
		this.interval = interval;
		this.batchSize = batchSize;
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

	private void sweepAndCarryOn() {
		try {
			int expired = sweep();
			if (expired > 0 && logger.isDebugEnabled()) {
				logger.debug("Expired " + expired + " holds");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Sweeping expired holds failed; trying again in " + this.interval, ex);
		}
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.scheduler != null) {
				return;
			}
			this.stopping = false;
			ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "credyt-hold-sweeper");
				thread.setDaemon(true);
				return thread;
			});
			long millis = this.interval.toMillis();
			scheduler.scheduleWithFixedDelay(this::sweepAndCarryOn, millis, millis, TimeUnit.MILLISECONDS);
			this.scheduler = scheduler;
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			ScheduledExecutorService scheduler = this.scheduler;
			if (scheduler == null) {
				return;
			}
			this.stopping = true;
			scheduler.shutdown();
			try {
				if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
					scheduler.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				scheduler.shutdownNow();
				Thread.currentThread().interrupt();
			}
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.scheduler != null;
		}
	}

}

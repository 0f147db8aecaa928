package io.credyt.autoconfigure.subscription;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

import io.credyt.autoconfigure.FixedDelayThreads;
import io.credyt.subscription.Subscriptions;

/**
 * Every renewal interval, renews the subscriptions whose period has ended and retries the past-due
 * ones that are due, batch after batch. Safe on every instance at once: each period is charged
 * once.
 */
public final class SubscriptionRenewer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SubscriptionRenewer.class);

	private final Subscriptions subscriptions;

	private final int batchSize;

	private final FixedDelayThreads threads;

	private volatile boolean stopping;

	public SubscriptionRenewer(Subscriptions subscriptions, Duration interval, int batchSize) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("The renewal interval must be positive, was " + interval);
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("The renewal batch size must be at least 1, was " + batchSize);
		}
		this.subscriptions = subscriptions;
		this.batchSize = batchSize;
		this.threads = new FixedDelayThreads("credyt-subscription-renewer", 1, interval, logger,
				"Renewing subscriptions", this::renewAndLog);
	}

	/**
	 * Renews what is due, now, on the caller's thread.
	 * @return how many subscriptions were handled
	 */
	public int renew() {
		int handled = 0;
		int count;
		do {
			count = this.subscriptions.renewDue(this.batchSize);
			handled += count;
		}
		while (count >= this.batchSize && !this.stopping);
		return handled;
	}

	private void renewAndLog() {
		int handled = renew();
		if (handled > 0 && logger.isDebugEnabled()) {
			logger.debug("Handled " + handled + " subscription renewals");
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

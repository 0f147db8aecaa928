package io.credyt.autoconfigure.webhook;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

import io.credyt.autoconfigure.FixedDelayThreads;
import io.credyt.webhook.WebhookDispatcher;

/**
 * Runs the dispatcher on this instance: {@code concurrency} threads, each looking for due
 * deliveries every {@code interval} and sending what it claimed, so at most {@code concurrency}
 * deliveries are in flight here, whatever the backlog. Never on a thread that bills.
 */
public final class WebhookDelivery implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WebhookDelivery.class);

	private final WebhookDispatcher dispatcher;

	private final int batchSize;

	private final FixedDelayThreads threads;

	WebhookDelivery(WebhookDispatcher dispatcher, Duration interval, int batchSize, int concurrency) {
		this.dispatcher = dispatcher;
		this.batchSize = batchSize;
		this.threads = new FixedDelayThreads("credyt-webhooks", concurrency, interval, logger, "Delivering webhooks",
				this::deliver);
	}

	private void deliver() {
		while (this.dispatcher.deliverDue(this.batchSize) > 0 && isRunning()) {
			// more may be due: keep going until a look finds nothing
		}
	}

	@Override
	public void start() {
		this.threads.start();
	}

	@Override
	public void stop() {
		this.threads.stop();
	}

	@Override
	public boolean isRunning() {
		return this.threads.isRunning();
	}

}

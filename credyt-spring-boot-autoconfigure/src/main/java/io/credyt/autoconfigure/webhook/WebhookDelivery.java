package io.credyt.autoconfigure.webhook;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

import io.credyt.webhook.WebhookDispatcher;

/**
 * Runs the dispatcher on this instance: {@code concurrency} threads, each looking for due
 * deliveries every {@code interval} and sending what it claimed, so at most {@code concurrency}
 * deliveries are in flight here, whatever the backlog. Never on a thread that bills.
 */
public final class WebhookDelivery implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WebhookDelivery.class);

	private final WebhookDispatcher dispatcher;

	private final Duration interval;

	private final int batchSize;

	private final int concurrency;

	private final Object monitor = new Object();

	private @Nullable ScheduledExecutorService scheduler;

	WebhookDelivery(WebhookDispatcher dispatcher, Duration interval, int batchSize, int concurrency) {
		this.dispatcher = dispatcher;
		this.interval = interval;
		this.batchSize = batchSize;
		this.concurrency = concurrency;
	}

	private void deliver() {
		try {
			while (this.dispatcher.deliverDue(this.batchSize) > 0 && isRunning()) {
				// more may be due: keep going until a look finds nothing
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Delivering webhooks failed; trying again in " + this.interval, ex);
		}
		catch (Error ex) {
			// a scheduled task that throws is never run again: say so rather than stop in silence
			logger.error("Delivering webhooks failed and stopped on this thread", ex);
			throw ex;
		}
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.scheduler != null) {
				return;
			}
			AtomicInteger count = new AtomicInteger();
			ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(this.concurrency, (task) -> {
				Thread thread = new Thread(task, "credyt-webhooks-" + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
			long millis = this.interval.toMillis();
			for (int i = 0; i < this.concurrency; i++) {
				scheduler.scheduleWithFixedDelay(this::deliver, millis, millis, TimeUnit.MILLISECONDS);
			}
			this.scheduler = scheduler;
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			ScheduledExecutorService scheduler = this.scheduler;
			if (scheduler == null) {
				return;
			}
			this.scheduler = null;
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
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.scheduler != null;
		}
	}

}

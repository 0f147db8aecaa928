package io.credyt.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Background work for a {@link org.springframework.context.SmartLifecycle}: daemon threads of its
 * own, each running the work again a fixed delay after it last finished, started and stopped with
 * the lifecycle (a stop waits up to 10 seconds for running work, then interrupts it). A run that
 * fails is logged and the next runs as planned; an {@link Error} is logged and ends its thread (a
 * scheduled task that throws is never run again: said rather than stopped in silence).
 */
public final class FixedDelayThreads {

	private final String name;

	private final int threads;

	private final Duration interval;

	private final Runnable work;

	private final Object monitor = new Object();

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Threads not started yet.
	 * @param name the threads' name (numbered when there are several)
	 * @param threads how many
	 * @param interval the delay between the end of one run and the start of the next on a thread
	 * @param logger where a failed run is logged
	 * @param activity what the work does, for the log: {@code "Renewing subscriptions"}
	 * @param work what each thread runs
	 */
	public FixedDelayThreads(String name, int threads, Duration interval, Log logger, String activity,
			Runnable work) {
		this.name = name;
		this.threads = threads;
		this.interval = interval;
		this.work = () -> {
			try {
				work.run();
			}
			catch (RuntimeException ex) {
				logger.warn(activity + " failed; trying again in " + interval, ex);
			}
			catch (Error ex) {
				logger.error(activity + " failed and stopped on this thread", ex);
				throw ex;
			}
		};
	}

	public void start() {
		synchronized (this.monitor) {
			if (this.scheduler != null) {
				return;
			}
			AtomicInteger count = new AtomicInteger();
			ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(this.threads, (task) -> {
				Thread thread = new Thread(task,
						(this.threads == 1) ? this.name : this.name + "-" + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
			long millis = this.interval.toMillis();
			for (int i = 0; i < this.threads; i++) {
				scheduler.scheduleWithFixedDelay(this.work, millis, millis, TimeUnit.MILLISECONDS);
			}
			this.scheduler = scheduler;
		}
	}

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

	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.scheduler != null;
		}
	}

}

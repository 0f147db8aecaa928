package io.credyt.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs many calls on real threads that all start at once (a start gate), and collects what each
 * returned or threw.
 */
public final class Concurrently {

	private Concurrently() {
	}

	/**
	 * Runs {@code attempts} calls on {@code threads} threads, released together.
	 * @param <T> the result type
	 * @param threads how many threads
	 * @param attempts how many calls
	 * @param call the call for each attempt index
	 * @return each attempt's outcome, in attempt order
	 */
	public static <T> List<Outcome<T>> run(int threads, int attempts, IntFunction<Callable<T>> call) {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch ready = new CountDownLatch(Math.min(threads, attempts));
		CountDownLatch start = new CountDownLatch(1);
		ThreadLocal<Boolean> counted = ThreadLocal.withInitial(() -> false);
		try {
			List<Future<Outcome<T>>> futures = new ArrayList<>(attempts);
			for (int i = 0; i < attempts; i++) {
				Callable<T> task = call.apply(i);
				futures.add(executor.submit(() -> {
					if (!counted.get()) {
						counted.set(true);
						ready.countDown();
					}
					start.await();
					try {
						return Outcome.of(task.call());
					}
					catch (Throwable ex) {
						return Outcome.<T>failed(ex);
					}
				}));
			}
			if (!ready.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Threads did not get ready");
			}
			start.countDown();
			List<Outcome<T>> outcomes = new ArrayList<>(attempts);
			for (Future<Outcome<T>> future : futures) {
				outcomes.add(future.get(120, TimeUnit.SECONDS));
			}
			return outcomes;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("A concurrent call did not finish", ex);
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * What one call returned or threw.
	 *
	 * @param <T> the result type
	 * @param value the result, when it returned
	 * @param error the exception, when it threw
	 */
	public record Outcome<T>(T value, Throwable error) {

		static <T> Outcome<T> of(T value) {
			return new Outcome<>(value, null);
		}

		static <T> Outcome<T> failed(Throwable error) {
			return new Outcome<>(null, error);
		}

		public boolean succeeded() {
			return this.error == null;
		}

		public boolean failedWith(Class<? extends Throwable> type) {
			return type.isInstance(this.error);
		}

	}

}

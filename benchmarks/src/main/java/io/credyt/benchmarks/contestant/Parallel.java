package io.credyt.benchmarks.contestant;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs set-up work over many wallets on a few threads.
 */
public final class Parallel {

	/** Set-up threads: a few more than the two cores the runs are sized for, to overlap round trips. */
	public static final int SETUP_THREADS = 4;

	private Parallel() {
	}

	/**
	 * Calls {@code task} once for each index from 0 to {@code count − 1}.
	 * @param count how many indexes
	 * @param task the work for one index
	 * @throws Exception the first failure, when any index failed
	 */
	public static void forEach(int count, IntConsumer task) throws Exception {
		int threads = Math.min(SETUP_THREADS, count);
		if (threads <= 1) {
			for (int i = 0; i < count; i++) {
				task.accept(i);
			}
			return;
		}
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> parts = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int first = t;
				parts.add(executor.submit(() -> {
					for (int i = first; i < count; i += threads) {
						task.accept(i);
					}
				}));
			}
			for (Future<?> part : parts) {
				try {
					part.get();
				}
				catch (ExecutionException ex) {
					throw (ex.getCause() instanceof Exception cause) ? cause : ex;
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}

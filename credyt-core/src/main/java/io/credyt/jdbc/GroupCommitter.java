package io.credyt.jdbc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.NestedTransactionNotSupportedException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for hot wallets: operations on one account that arrive while a transaction on it
 * is running queue up in the account's lane and run together in the next transaction, so the
 * account's row lock and the commit's log flush are paid once per batch instead of once per
 * operation.
 *
 * <p>
 * One thread at a time leads a lane: it takes up to {@code maxBatch} queued operations (its own
 * first), runs each in a savepoint of its own inside one transaction and commits. An operation
 * that fails is rolled back to its savepoint and gets its own exception, leaving the others
 * untouched; results are handed out only after the commit. Then the leader passes the lane to
 * the next waiting thread, whose operation heads the queue, and returns. A batch of one runs as
 * a plain transaction; an operation that lost a lock wait inside a batch, or a batch whose commit
 * failed, is run again on its own by its caller (the ledger's operations are idempotent where a
 * retry could repeat them: captures by hold status, usage by event id).
 *
 * <p>
 * This coalesces operations within one instance only; correctness still comes from the
 * database's guarded statements, exactly as for operations run one by one.
 */
final class GroupCommitter {

	private final TransactionTemplate transactions;

	private final int maxBatch;

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	GroupCommitter(TransactionTemplate transactions, int maxBatch) {
		this.transactions = transactions;
		this.maxBatch = maxBatch;
	}

	/**
	 * Runs work on an account, batched with other work on the same account.
	 * @param key the account's key
	 * @param work what to do inside a transaction (it must not open its own)
	 * @param alone how to run the work as a transaction of its own, with the usual retries
	 * @return the work's result
	 */
	<T> @Nullable T run(String key, Supplier<T> work, Supplier<T> alone) {
		Item<T> item = new Item<>(work, alone);
		boolean lead;
		Lane lane;
		while (true) {
			lane = this.lanes.computeIfAbsent(key, Lane::new);
			synchronized (lane) {
				if (lane.closed) {
					continue;
				}
				lane.queue.add(item);
				lead = !lane.leading;
				lane.leading = true;
			}
			break;
		}
		if (lead) {
			lead(lane);
		}
		while (!item.awaitDoneOrPromoted()) {
			lead(lane);
		}
		return item.result();
	}

	/**
	 * Runs the head of the queue as one batch, then hands the lane on. The head is always the
	 * leading thread's own operation.
	 */
	private void lead(Lane lane) {
		List<Item<?>> batch = new ArrayList<>();
		synchronized (lane) {
			while (batch.size() < this.maxBatch && !lane.queue.isEmpty()) {
				batch.add(lane.queue.poll());
			}
		}
		execute(batch);
		Item<?> next;
		synchronized (lane) {
			next = lane.queue.peek();
			if (next == null) {
				lane.leading = false;
				lane.closed = true;
				this.lanes.remove(lane.key, lane);
			}
		}
		for (Item<?> item : batch) {
			item.finish();
		}
		if (next != null) {
			next.promote();
		}
	}

	private void execute(List<Item<?>> batch) {
		if (batch.size() == 1) {
			batch.get(0).runAlone();
			return;
		}
		try {
			this.transactions.executeWithoutResult((status) -> {
				for (Item<?> item : batch) {
					runInSavepoint(item, status);
				}
			});
		}
		catch (RuntimeException ex) {
			// nothing of the batch is committed: each operation runs again on its own
			for (Item<?> item : batch) {
				item.retryAlone = true;
			}
		}
	}

	private static void runInSavepoint(Item<?> item, TransactionStatus status) {
		Object savepoint;
		try {
			savepoint = status.createSavepoint();
		}
		catch (NestedTransactionNotSupportedException ex) {
			item.retryAlone = true;
			return;
		}
		try {
			item.run();
			// not released: the commit ends it anyway, and a release would cost a round trip per
			// operation (batches stay within PostgreSQL's 64 cached subtransactions per backend)
		}
		catch (TransientDataAccessException ex) {
			status.rollbackToSavepoint(savepoint);
			item.retryAlone = true;
		}
		catch (RuntimeException ex) {
			status.rollbackToSavepoint(savepoint);
			item.error = ex;
		}
	}

	private static final class Lane {

		final String key;

		final ArrayDeque<Item<?>> queue = new ArrayDeque<>();

		/** Whether some thread leads (or has been promoted to lead) this lane. */
		boolean leading;

		/** Whether the lane was removed; a thread that finds it closed takes a new one. */
		boolean closed;

		Lane(String key) {
			this.key = key;
		}

	}

	private static final class Item<T> {

		private final Supplier<T> work;

		private final Supplier<T> alone;

		private @Nullable T value;

		@Nullable RuntimeException error;

		boolean retryAlone;

		private boolean done;

		private boolean promoted;

		Item(Supplier<T> work, Supplier<T> alone) {
			this.work = work;
			this.alone = alone;
		}

		void run() {
			this.value = this.work.get();
		}

		/** Runs the work as a transaction of its own (on the leading thread, which is its caller's). */
		void runAlone() {
			try {
				this.value = this.alone.get();
			}
			catch (RuntimeException ex) {
				this.error = ex;
			}
		}

		synchronized void finish() {
			this.done = true;
			notifyAll();
		}

		synchronized void promote() {
			this.promoted = true;
			notifyAll();
		}

		/** Waits until this item is done (true) or its thread must lead the lane (false). */
		synchronized boolean awaitDoneOrPromoted() {
			boolean interrupted = false;
			while (!this.done && !this.promoted) {
				try {
					wait();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			if (this.done) {
				return true;
			}
			this.promoted = false;
			return false;
		}

		@Nullable T result() {
			if (this.retryAlone) {
				return this.alone.get();
			}
			if (this.error != null) {
				throw this.error;
			}
			return this.value;
		}

	}

}

package io.credyt.jdbc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.credyt.engine.Command;
import io.credyt.engine.Outcome;

/**
 * Batches commands across wallets: commands that arrive while a batch is being applied form the
 * next batch, so the statements, the locks' round trips and the commit's log flush are paid once
 * per batch instead of once per command.
 *
 * <p>
 * Commands are spread over a few lanes by customer, so one customer's commands always share a
 * lane (a hot wallet's commands meet in one batch, which locks its row once) and lanes never
 * wait for one another's locks. One thread at a time leads a lane: it takes up to
 * {@code maxBatch} queued commands (its own first), has them applied in one transaction, hands
 * every caller its own outcome after the commit, then passes the lead to the next waiting caller.
 * A batch never waits for more work: it takes what queued while the previous one ran, so a
 * command waits at most for the batch ahead of it. When a batch fails as a whole (the database
 * went away, the commit failed), nothing of it was committed and each of its commands is applied
 * again on its own, so a caller gets an error or a committed outcome, never an outcome that was
 * not committed.
 *
 * <p>
 * This coalesces within one instance; correctness still comes from the database's locks and
 * guarded statements, exactly as for commands applied one by one.
 */
final class CommandBatcher {

	private final Function<List<Command>, List<Outcome>> executor;

	private final int maxBatch;

	private final Lane[] lanes;

	/**
	 * @param executor applies a batch in one transaction, returning each command's outcome after the commit
	 * @param maxBatch the most commands in one batch
	 * @param lanes how many batches may be applied at once
	 */
	CommandBatcher(Function<List<Command>, List<Outcome>> executor, int maxBatch, int lanes) {
		this.executor = executor;
		this.maxBatch = maxBatch;
		this.lanes = new Lane[lanes];
		for (int i = 0; i < lanes; i++) {
			this.lanes[i] = new Lane();
		}
	}

	/** Applies a command in the next batch of its customer's lane and returns its outcome. */
	Outcome submit(Command command) {
		Lane lane = this.lanes[(int) Math.floorMod(command.customerId(), (long) this.lanes.length)];
		Item item = new Item(command);
		boolean lead;
		synchronized (lane) {
			lane.queue.add(item);
			lead = !lane.leading;
			lane.leading = true;
		}
		if (lead) {
			lead(lane);
		}
		while (!item.awaitDoneOrPromoted()) {
			lead(lane);
		}
		return item.outcome();
	}

	private void lead(Lane lane) {
		List<Item> batch = new ArrayList<>();
		synchronized (lane) {
			while (batch.size() < this.maxBatch && !lane.queue.isEmpty()) {
				batch.add(lane.queue.poll());
			}
		}
		execute(batch);
		Item next;
		synchronized (lane) {
			next = lane.queue.peek();
			if (next == null) {
				lane.leading = false;
			}
		}
		for (Item item : batch) {
			item.finish();
		}
		if (next != null) {
			next.promote();
		}
	}

	private void execute(List<Item> batch) {
		List<Command> commands = new ArrayList<>(batch.size());
		for (Item item : batch) {
			commands.add(item.command);
		}
		try {
			List<Outcome> outcomes = this.executor.apply(commands);
			for (int i = 0; i < batch.size(); i++) {
				batch.get(i).outcome = outcomes.get(i);
			}
		}
		catch (RuntimeException ex) {
			if (batch.size() == 1) {
				batch.get(0).outcome = new Outcome.Failed(ex);
				return;
			}
			// nothing of the batch was committed: each command is applied again on its own
			for (Item item : batch) {
				try {
					item.outcome = this.executor.apply(List.of(item.command)).get(0);
				}
				catch (RuntimeException alone) {
					item.outcome = new Outcome.Failed(alone);
				}
			}
		}
	}

	private static final class Lane {

		final ArrayDeque<Item> queue = new ArrayDeque<>();

		/** Whether some thread leads (or has been promoted to lead) this lane. */
		boolean leading;

	}

	private static final class Item {

		final Command command;

		@Nullable Outcome outcome;

		private boolean done;

		private boolean promoted;

		Item(Command command) {
			this.command = command;
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

		synchronized Outcome outcome() {
			if (this.outcome == null) {
				throw new IllegalStateException("A batched command ended without an outcome");
			}
			return this.outcome;
		}

	}

}

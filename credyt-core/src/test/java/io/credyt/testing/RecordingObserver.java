package io.credyt.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.credyt.ledger.BillingObserver;
import io.credyt.ledger.Hold;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.UsageRecord;

/**
 * A {@link BillingObserver} that remembers what it heard, in order, so a test can prove what the
 * hot path did (a hold placed, then captured) rather than only what it left behind. Thread-safe.
 * An optional hook runs on every recorded usage, on the thread that recorded it.
 */
public final class RecordingObserver implements BillingObserver {

	private final List<String> sequence = new CopyOnWriteArrayList<>();

	private final List<Hold> authorized = new CopyOnWriteArrayList<>();

	private final List<UsageRecord> recorded = new CopyOnWriteArrayList<>();

	private final List<Hold> released = new CopyOnWriteArrayList<>();

	private final List<InsufficientBalanceException> declined = new CopyOnWriteArrayList<>();

	private volatile Consumer<UsageRecord> onRecorded = (usage) -> {
	};

	/**
	 * Runs a check each time usage is recorded, on the recording thread.
	 * @param hook the check
	 */
	public void onRecorded(Consumer<UsageRecord> hook) {
		this.onRecorded = hook;
	}

	@Override
	public void authorized(Hold hold, Duration took) {
		this.authorized.add(hold);
		this.sequence.add("authorized " + hold.id());
	}

	@Override
	public void declined(String product, InsufficientBalanceException declined, Duration took) {
		this.declined.add(declined);
		this.sequence.add("declined " + product);
	}

	@Override
	public void recorded(UsageRecord usage, boolean captured, Duration took) {
		this.onRecorded.accept(usage);
		this.recorded.add(usage);
		this.sequence.add(captured ? "captured " + usage.holdId() + " as " + usage.id() : "recorded " + usage.id());
	}

	@Override
	public void released(Hold hold) {
		this.released.add(hold);
		this.sequence.add("released " + hold.id());
	}

	/**
	 * What was heard, in order: {@code authorized <hold>}, {@code captured <hold> as <event>},
	 * {@code recorded <event>}, {@code released <hold>}, {@code declined <product>}.
	 * @return the events
	 */
	public List<String> sequence() {
		return List.copyOf(this.sequence);
	}

	public List<Hold> authorized() {
		return List.copyOf(this.authorized);
	}

	public List<UsageRecord> recorded() {
		return List.copyOf(this.recorded);
	}

	public List<Hold> released() {
		return List.copyOf(this.released);
	}

	public List<InsufficientBalanceException> declined() {
		return List.copyOf(this.declined);
	}

}

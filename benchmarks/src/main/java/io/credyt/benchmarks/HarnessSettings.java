package io.credyt.benchmarks;

import java.time.Duration;
import java.util.List;

import io.credyt.benchmarks.contestant.Contestants;
import io.credyt.jdbc.LedgerOptions;

/**
 * How long and how wide the harness runs.
 *
 * @param warmup how long each row warms up before it is measured
 * @param measure how long each row is measured
 * @param scenarios the scenarios, in order
 * @param contestants the contestants, in order
 * @param ledger the options the Credyt contestants' ledgers run with
 */
public record HarnessSettings(Duration warmup, Duration measure, List<Scenario> scenarios,
		List<Contestants.Entry> contestants, LedgerOptions ledger) {

	/** Wallets in the {@code many} scenario. */
	public static final int MANY_WALLETS = 10_000;

	/** Threads in the {@code many} and {@code hot} scenarios. */
	public static final int THREADS = 16;

	public HarnessSettings {
		scenarios = List.copyOf(scenarios);
		contestants = List.copyOf(contestants);
		if (warmup.isNegative() || measure.isNegative() || measure.isZero()) {
			throw new IllegalArgumentException("The measurement must last, was " + measure);
		}
	}

	/**
	 * The full run: 5 s of warm-up and 15 s of measurement per row.
	 * @return the settings
	 */
	public static HarnessSettings full() {
		return new HarnessSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), scenarios(MANY_WALLETS, THREADS),
				Contestants.all(), LedgerOptions.defaults());
	}

	/**
	 * The quick run: 2 s of warm-up and 4 s of measurement per row.
	 * @return the settings
	 */
	public static HarnessSettings quick() {
		return full().durations(Duration.ofSeconds(2), Duration.ofSeconds(4));
	}

	/**
	 * The three scenarios.
	 * @param manyWallets wallets in {@code many}
	 * @param threads threads in {@code many} and {@code hot}
	 * @return many, hot, single
	 */
	public static List<Scenario> scenarios(int manyWallets, int threads) {
		return List.of(new Scenario(Scenario.MANY, manyWallets, threads), new Scenario(Scenario.HOT, 1, threads),
				new Scenario(Scenario.SINGLE, 1, 1));
	}

	public HarnessSettings durations(Duration warmupTime, Duration measureTime) {
		return new HarnessSettings(warmupTime, measureTime, this.scenarios, this.contestants, this.ledger);
	}

	public HarnessSettings scenarios(List<Scenario> value) {
		return new HarnessSettings(this.warmup, this.measure, value, this.contestants, this.ledger);
	}

	public HarnessSettings contestants(List<Contestants.Entry> value) {
		return new HarnessSettings(this.warmup, this.measure, this.scenarios, value, this.ledger);
	}

	public HarnessSettings ledger(LedgerOptions value) {
		return new HarnessSettings(this.warmup, this.measure, this.scenarios, this.contestants, value);
	}

}

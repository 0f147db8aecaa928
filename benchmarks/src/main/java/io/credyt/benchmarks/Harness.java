package io.credyt.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import io.credyt.benchmarks.contestant.Conservation;
import io.credyt.benchmarks.contestant.Contestant;
import io.credyt.benchmarks.contestant.Contestants;
import io.credyt.benchmarks.contestant.RowDatabase;
import io.credyt.benchmarks.contestant.Wallets;

/**
 * Runs every contestant on every scenario, one after another, on one embedded PostgreSQL server:
 * for each row a fresh database, funded wallets, a checkpoint, the warm-up, fresh planner statistics
 * (every contestant's tables analyzed, as autovacuum would in a running system), the measured window
 * (every operation's latency recorded), then the conservation check. A row whose operations
 * failed or whose money does not add up is reported invalid, never as a figure.
 */
public final class Harness {

	private static final String FLOOR = "floor";

	private final HarnessSettings settings;

	private final PrintStream progress;

	private Harness(HarnessSettings settings, PrintStream progress) {
		this.settings = settings;
		this.progress = progress;
	}

	/**
	 * Starts the server, runs every row, stops the server.
	 * @param settings what to run, for how long
	 * @param progress where to say what is happening
	 * @return the results
	 * @throws IOException if the server cannot start
	 */
	public static Report run(HarnessSettings settings, PrintStream progress) throws IOException {
		return new Harness(settings, progress).run();
	}

	private Report run() throws IOException {
		long started = System.nanoTime();
		this.progress.println("Starting embedded PostgreSQL…");
		try (BenchmarkServer server = BenchmarkServer.start()) {
			Machine machine = Machine.describe(server.version(), server.settings(), this.settings.ledger().groupCommit());
			this.progress.printf(Locale.ROOT, "PostgreSQL %s, %s%n", machine.postgres(), machine.postgresSettings());
			List<Row> rows = new ArrayList<>();
			for (Scenario scenario : this.settings.scenarios()) {
				for (Contestants.Entry contestant : this.settings.contestants()) {
					rows.add(row(server, scenario, contestant));
				}
			}
			this.progress.printf(Locale.ROOT, "Done in %.0f s%n", (System.nanoTime() - started) / 1e9);
			return new Report(machine, this.settings, withRatios(rows));
		}
	}

	private Row row(BenchmarkServer server, Scenario scenario, Contestants.Entry entry) {
		String label = scenario.name() + "/" + entry.name();
		Wallets wallets = new Wallets(scenario.wallets(), Wallets.DEFAULT_FUNDED_OPERATIONS);
		String name = ("bench_" + scenario.name() + "_" + entry.name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
		RowDatabase database = server.create(name, scenario.threads());
		try (Contestant contestant = entry.factory().apply(this.settings.ledger())) {
			long preparing = System.nanoTime();
			contestant.prepare(database, wallets);
			this.progress.printf(Locale.ROOT, "%-16s %,d wallets funded in %.1f s; measuring with %d thread%s…%n", label,
					wallets.count(), (System.nanoTime() - preparing) / 1e9, scenario.threads(),
					(scenario.threads() == 1) ? "" : "s");
			server.checkpoint();
			Measurement measurement = measure(contestant, scenario, database);
			Conservation conservation = contestant.check(measurement.charged());
			Row row = measurement.row(scenario, entry.name(), conservation);
			this.progress.printf(Locale.ROOT, "%-16s %s%n", label, row.valid()
					? String.format(Locale.ROOT, "%,.0f ops/s, p50 %.0f µs, p99 %.0f µs", row.opsPerSecond(),
							row.p50Micros(), row.p99Micros())
					: "INVALID: " + row.problem());
			return row;
		}
		catch (Exception | LinkageError ex) {
			this.progress.printf(Locale.ROOT, "%-16s INVALID: %s%n", label, ex);
			return new Row(scenario.name(), entry.name(), scenario.threads(), scenario.wallets(), 0, 0, 0, 0, null,
					false, "the run failed: " + ex);
		}
		finally {
			server.drop(database);
		}
	}

	private Measurement measure(Contestant contestant, Scenario scenario, RowDatabase database)
			throws InterruptedException {
		Phase phase = new Phase();
		CountDownLatch ready = new CountDownLatch(scenario.threads());
		List<Worker> workers = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < scenario.threads(); i++) {
			Worker worker = new Worker(contestant, scenario.wallets(), phase, ready);
			workers.add(worker);
			Thread thread = new Thread(worker, "bench-" + scenario.name() + "-" + i);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		ready.await();
		Thread.sleep(this.settings.warmup().toMillis());
		// the tables filled up during the warm-up: statistics as a running system's autovacuum keeps them
		BenchmarkServer.analyze(database);
		long start = System.nanoTime();
		phase.value = Phase.MEASURE;
		Thread.sleep(this.settings.measure().toMillis());
		phase.value = Phase.STOP;
		long end = System.nanoTime();
		for (Thread thread : threads) {
			thread.join();
		}
		return Measurement.of(workers, (end - start) / 1e9);
	}

	private static List<Row> withRatios(List<Row> rows) {
		List<Row> result = new ArrayList<>();
		for (Row row : rows) {
			Row floor = rows.stream()
				.filter((candidate) -> candidate.scenario().equals(row.scenario()) && candidate.contestant().equals(FLOOR))
				.findFirst()
				.orElse(null);
			boolean comparable = floor != null && floor.valid() && row.valid() && floor.opsPerSecond() > 0;
			result.add(row.ratioToFloor(comparable ? row.opsPerSecond() / floor.opsPerSecond() : null));
		}
		return result;
	}

	/** Which part of the run the workers are in. */
	private static final class Phase {

		static final int WARMUP = 0;

		static final int MEASURE = 1;

		static final int STOP = 2;

		volatile int value = WARMUP;

	}

	/** One thread charging as fast as the contestant lets it. */
	private static final class Worker implements Runnable {

		private final Contestant contestant;

		private final int wallets;

		private final Phase phase;

		private final CountDownLatch ready;

		private final LatencyRecorder latencies = new LatencyRecorder();

		private long charged;

		private long declined;

		private long failed;

		private @Nullable Throwable firstFailure;

		Worker(Contestant contestant, int wallets, Phase phase, CountDownLatch ready) {
			this.contestant = contestant;
			this.wallets = wallets;
			this.phase = phase;
			this.ready = ready;
		}

		@Override
		public void run() {
			this.ready.countDown();
			ThreadLocalRandom random = ThreadLocalRandom.current();
			for (int now = this.phase.value; now != Phase.STOP; now = this.phase.value) {
				int wallet = (this.wallets == 1) ? 0 : random.nextInt(this.wallets);
				long start = System.nanoTime();
				try {
					if (this.contestant.charge(wallet)) {
						this.charged++;
					}
					else {
						this.declined++;
					}
				}
				catch (RuntimeException ex) {
					this.failed++;
					if (this.firstFailure == null) {
						this.firstFailure = ex;
					}
				}
				long elapsed = System.nanoTime() - start;
				if (now == Phase.MEASURE) {
					this.latencies.record(elapsed);
				}
			}
		}

	}

	/** What the workers did, added up. */
	private record Measurement(long operations, double seconds, long[] latencies, long charged, long declined,
			long failed, @Nullable Throwable firstFailure) {

		static Measurement of(List<Worker> workers, double seconds) {
			List<LatencyRecorder> recorders = new ArrayList<>();
			long charged = 0;
			long declined = 0;
			long failed = 0;
			Throwable firstFailure = null;
			for (Worker worker : workers) {
				recorders.add(worker.latencies);
				charged += worker.charged;
				declined += worker.declined;
				failed += worker.failed;
				if (firstFailure == null) {
					firstFailure = worker.firstFailure;
				}
			}
			long[] latencies = LatencyRecorder.merge(recorders);
			return new Measurement(latencies.length, seconds, latencies, charged, declined, failed, firstFailure);
		}

		Row row(Scenario scenario, String contestant, Conservation conservation) {
			List<String> problems = new ArrayList<>();
			if (this.failed > 0) {
				problems.add(this.failed + " operations failed, the first with " + this.firstFailure);
			}
			if (this.declined > 0) {
				problems.add(this.declined + " operations were declined although every wallet was funded for the run");
			}
			if (this.operations == 0) {
				problems.add("no operation completed in the measured window");
			}
			problems.addAll(conservation.violations());
			boolean valid = problems.isEmpty();
			return new Row(scenario.name(), contestant, scenario.threads(), scenario.wallets(), this.operations,
					valid ? this.operations / this.seconds : 0,
					valid ? LatencyRecorder.percentileMicros(this.latencies, 50) : 0,
					valid ? LatencyRecorder.percentileMicros(this.latencies, 99) : 0, null, valid,
					valid ? null : String.join("; ", problems));
		}

	}

}

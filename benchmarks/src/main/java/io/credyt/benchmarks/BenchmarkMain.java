package io.credyt.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.credyt.benchmarks.contestant.Contestants;
import io.credyt.jdbc.LedgerOptions;

/**
 * {@code java -jar credyt-benchmarks.jar [--quick] [--json FILE]}: runs the harness, prints the
 * table, optionally writes the JSON. Exits with 1 when any row is invalid.
 *
 * <p>
 * To run only part of it: {@code --scenarios many,hot}, {@code --contestants billable,floor},
 * {@code --warmup SECONDS}, {@code --measure SECONDS}, {@code --wallets N} (wallets in
 * {@code many}), {@code --threads N} (threads in {@code many} and {@code hot}), {@code --lanes N}
 * (the Credyt ledgers' batching lanes, {@code credyt.group-commit.lanes}; default 1).
 */
public final class BenchmarkMain {

	private static final String USAGE = """
			usage: java -jar credyt-benchmarks.jar [--quick] [--json FILE]
			         [--scenarios many,hot,single] [--contestants billable,direct,naive,bucket4j,floor]
			         [--warmup SECONDS] [--measure SECONDS] [--wallets N] [--threads N] [--lanes N]
			  --quick  2 s of warm-up and 4 s of measurement per row (default: 5 s and 15 s)
			  --json   also write the results as JSON to FILE
			  --lanes  batching lanes of the two Credyt contestants' ledgers (default: the library's, 1)
			The JMH benchmark of the aspect: java -cp credyt-benchmarks.jar org.openjdk.jmh.Main AspectOverhead""";

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		HarnessSettings settings = HarnessSettings.full();
		Path json = null;
		List<String> scenarios = null;
		int wallets = HarnessSettings.MANY_WALLETS;
		int threads = HarnessSettings.THREADS;
		Duration warmup = null;
		Duration measure = null;
		Integer lanes = null;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--quick" -> settings = HarnessSettings.quick();
				case "--json" -> json = Path.of(value(args, ++i, arg));
				case "--scenarios" -> scenarios = Arrays.asList(value(args, ++i, arg).split(","));
				case "--contestants" -> settings = settings.contestants(contestants(value(args, ++i, arg)));
				case "--warmup" -> warmup = seconds(value(args, ++i, arg), arg);
				case "--measure" -> measure = seconds(value(args, ++i, arg), arg);
				case "--wallets" -> wallets = positive(value(args, ++i, arg), arg);
				case "--threads" -> threads = positive(value(args, ++i, arg), arg);
				case "--lanes" -> lanes = positive(value(args, ++i, arg), arg);
				case "-h", "--help" -> {
					System.out.println(USAGE);
					return;
				}
				default -> fail("unknown option " + arg);
			}
		}
		settings = settings.durations((warmup != null) ? warmup : settings.warmup(),
				(measure != null) ? measure : settings.measure());
		if (lanes != null) {
			if (lanes > LedgerOptions.GroupCommit.MAX_LANES) {
				fail("--lanes must be at most " + LedgerOptions.GroupCommit.MAX_LANES + ", was " + lanes);
			}
			LedgerOptions.GroupCommit groupCommit = settings.ledger().groupCommit();
			settings = settings.ledger(settings.ledger()
				.groupCommit(new LedgerOptions.GroupCommit(groupCommit.enabled(), groupCommit.maxBatch(), lanes)));
		}
		List<Scenario> chosen = new ArrayList<>();
		for (Scenario scenario : HarnessSettings.scenarios(wallets, threads)) {
			if (scenarios == null || scenarios.contains(scenario.name())) {
				chosen.add(scenario);
			}
		}
		if (chosen.isEmpty()) {
			fail("no scenario matches " + scenarios);
		}
		Report report = Harness.run(settings.scenarios(chosen), System.err);
		System.out.println();
		System.out.print(ConsoleTable.render(report));
		if (json != null) {
			Files.writeString(json, JsonReport.render(report), StandardCharsets.UTF_8);
			System.out.println();
			System.out.println("JSON written to " + json.toAbsolutePath());
		}
		if (report.rows().stream().anyMatch((row) -> !row.valid())) {
			System.exit(1);
		}
	}

	private static List<Contestants.Entry> contestants(String names) {
		List<Contestants.Entry> chosen = new ArrayList<>();
		for (String name : names.split(",")) {
			chosen.add(Contestants.all()
				.stream()
				.filter((entry) -> entry.name().equals(name))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("unknown contestant " + name)));
		}
		return chosen;
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			fail(option + " needs a value");
		}
		return args[index];
	}

	private static Duration seconds(String value, String option) {
		try {
			return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
		}
		catch (NumberFormatException ex) {
			fail(option + " takes seconds, was " + value);
			throw ex;
		}
	}

	private static int positive(String value, String option) {
		try {
			int number = Integer.parseInt(value);
			if (number > 0) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		fail(option + " takes a positive number, was " + value);
		return 0;
	}

	private static void fail(@Nullable String message) {
		System.err.println("credyt-benchmarks: " + message);
		System.err.println(USAGE);
		System.exit(2);
	}

}

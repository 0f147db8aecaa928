package io.credyt.benchmarks;

import java.util.Locale;

/**
 * The results as a plain-text table, one line per row.
 */
final class ConsoleTable {

	private ConsoleTable() {
	}

	static String render(Report report) {
		StringBuilder table = new StringBuilder();
		Machine machine = report.machine();
		table.append(String.format(Locale.ROOT, "%d cores, %.1f GiB, %s; %s; PostgreSQL %s (fsync %s, synchronous_commit %s);"
				+ " group commit %s%n", machine.cores(), machine.memoryBytes() / (1024.0 * 1024 * 1024), machine.os(),
				machine.java(), machine.postgres(), machine.postgresSettings().get("fsync"),
				machine.postgresSettings().get("synchronous_commit"), machine.groupCommit()));
		table.append(String.format(Locale.ROOT, "warm-up %d s, measured %d s per row%n%n",
				report.settings().warmup().toSeconds(), report.settings().measure().toSeconds()));
		String format = "%-8s %-10s %7s %8s %12s %10s %10s %9s  %s%n";
		table.append(String.format(Locale.ROOT, format, "scenario", "contestant", "threads", "wallets", "ops/s", "p50 µs",
				"p99 µs", "× floor", "valid"));
		for (Row row : report.rows()) {
			if (row.valid()) {
				table.append(String.format(Locale.ROOT, format, row.scenario(), row.contestant(), row.threads(),
						String.format(Locale.ROOT, "%,d", row.wallets()),
						String.format(Locale.ROOT, "%,.0f", row.opsPerSecond()),
						String.format(Locale.ROOT, "%,.0f", row.p50Micros()),
						String.format(Locale.ROOT, "%,.0f", row.p99Micros()),
						(row.ratioToFloor() != null) ? String.format(Locale.ROOT, "%.2f", row.ratioToFloor()) : "–",
						"yes"));
			}
			else {
				table.append(String.format(Locale.ROOT, format, row.scenario(), row.contestant(), row.threads(),
						String.format(Locale.ROOT, "%,d", row.wallets()), "INVALID", "–", "–", "–",
						"no: " + row.problem()));
			}
		}
		return table.toString();
	}

}

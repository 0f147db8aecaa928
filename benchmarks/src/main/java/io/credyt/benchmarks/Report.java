package io.credyt.benchmarks;

import java.util.List;

/**
 * What one run of the harness found.
 *
 * @param machine where it ran
 * @param settings how it ran
 * @param rows one per scenario and contestant, in the order they ran
 */
public record Report(Machine machine, HarnessSettings settings, List<Row> rows) {

	public Report {
		rows = List.copyOf(rows);
	}

}

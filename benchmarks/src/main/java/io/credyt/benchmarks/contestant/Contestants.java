package io.credyt.benchmarks.contestant;

import java.util.List;
import java.util.function.Function;

import io.credyt.jdbc.LedgerOptions;

/**
 * Every contestant, in the order they run in each scenario and appear in the results.
 */
public final class Contestants {

	private Contestants() {
	}

	/**
	 * A contestant's name and how to make a fresh one.
	 *
	 * @param name the name in the results
	 * @param factory makes a new, unprepared instance, given the options the Credyt contestants'
	 * ledgers run with
	 */
	public record Entry(String name, Function<LedgerOptions, Contestant> factory) {
	}

	public static List<Entry> all() {
		return List.of(new Entry("billable", BillableContestant::new), new Entry("direct", DirectContestant::new),
				new Entry("naive", (options) -> new NaiveContestant()),
				new Entry("bucket4j", (options) -> new Bucket4jContestant()),
				new Entry("floor", (options) -> new FloorContestant()));
	}

}

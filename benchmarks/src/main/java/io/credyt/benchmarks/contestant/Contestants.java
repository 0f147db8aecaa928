package io.credyt.benchmarks.contestant;

import java.util.List;
import java.util.function.Supplier;

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
	 * @param factory makes a new, unprepared instance
	 */
	public record Entry(String name, Supplier<Contestant> factory) {
	}

	public static List<Entry> all() {
		return List.of(new Entry("billable", BillableContestant::new), new Entry("direct", DirectContestant::new),
				new Entry("naive", NaiveContestant::new), new Entry("bucket4j", Bucket4jContestant::new),
				new Entry("floor", FloorContestant::new));
	}

}

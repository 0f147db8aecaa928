package io.credyt.benchmarks.contestant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The verdict of a conservation check: the violations found, none when the run is valid.
 *
 * @param violations what did not add up
 */
public record Conservation(List<String> violations) {

	public Conservation {
		violations = List.copyOf(violations);
	}

	public boolean valid() {
		return this.violations.isEmpty();
	}

	/**
	 * Starts a check.
	 * @return an empty list of violations
	 */
	public static Checker checker() {
		return new Checker();
	}

	/** Collects violations, each with the two figures that disagree. */
	public static final class Checker {

		private final List<String> violations = new ArrayList<>();

		private Checker() {
		}

		/**
		 * Requires two counts to be equal.
		 * @param what what is counted
		 * @param expected the expected count
		 * @param actual the count found
		 * @return this checker
		 */
		public Checker equal(String what, long expected, long actual) {
			if (expected != actual) {
				this.violations.add(what + ": expected " + expected + ", found " + actual);
			}
			return this;
		}

		/**
		 * Requires two amounts to be equal (ignoring scale).
		 * @param what what is summed
		 * @param expected the expected amount
		 * @param actual the amount found
		 * @return this checker
		 */
		public Checker equal(String what, BigDecimal expected, BigDecimal actual) {
			if (expected.compareTo(Objects.requireNonNull(actual, what)) != 0) {
				this.violations.add(what + ": expected " + expected.toPlainString() + ", found " + actual.toPlainString());
			}
			return this;
		}

		/**
		 * Requires that no row breaks a rule.
		 * @param what the rule, e.g. "accounts whose balance differs from their entries"
		 * @param offenders how many rows break it
		 * @return this checker
		 */
		public Checker none(String what, long offenders) {
			if (offenders != 0) {
				this.violations.add(what + ": " + offenders);
			}
			return this;
		}

		public Conservation verdict() {
			return new Conservation(this.violations);
		}

	}

}

package io.credyt.catalog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * How long a plan's period is. Periods are calendar periods in UTC: a monthly period started on
 * the 31st ends on the last day of a shorter month.
 */
public enum BillingInterval {

	DAY,

	WEEK,

	MONTH,

	YEAR;

	/**
	 * The end of the period that starts at {@code start}.
	 * @param start the period's start
	 * @return its end
	 */
	public Instant periodEnd(Instant start) {
		var base = start.atZone(ZoneOffset.UTC);
		return switch (this) {
			case DAY -> base.plusDays(1).toInstant();
			case WEEK -> base.plusWeeks(1).toInstant();
			case MONTH -> base.plusMonths(1).toInstant();
			case YEAR -> base.plusYears(1).toInstant();
		};
	}

	/**
	 * The interval's name as customers read it: {@code month}.
	 * @return the lower-case name
	 */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}

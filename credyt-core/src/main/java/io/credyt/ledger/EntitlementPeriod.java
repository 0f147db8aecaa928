package io.credyt.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

/**
 * How often an entitlement's allowance renews. Periods are calendar-aligned to the entitlement's
 * start, in UTC: a monthly allowance started on the 31st renews on the last day of shorter months.
 */
public enum EntitlementPeriod {

	/** Granted once, never renewed. */
	ONCE,

	DAY,

	WEEK,

	MONTH,

	YEAR;

	/**
	 * The start of the period {@code index} periods after the anchor (index 1 is where the first
	 * period ends).
	 * @param anchor the entitlement's first period start
	 * @param index which period, 0 for the first
	 * @return the period's start, or {@code null} for {@link #ONCE}
	 */
	public @Nullable Instant periodStart(Instant anchor, long index) {
		ZonedDateTime base = anchor.atZone(ZoneOffset.UTC);
		return switch (this) {
			case ONCE -> null;
			case DAY -> base.plusDays(index).toInstant();
			case WEEK -> base.plusWeeks(index).toInstant();
			case MONTH -> base.plusMonths(index).toInstant();
			case YEAR -> base.plusYears(index).toInstant();
		};
	}

	/**
	 * Which period contains {@code now}.
	 * @param anchor the entitlement's first period start
	 * @param now the moment
	 * @return the index of the period containing {@code now} (0 for {@link #ONCE} or before the
	 * anchor)
	 */
	public long periodIndex(Instant anchor, Instant now) {
		if (this == ONCE || !now.isAfter(anchor)) {
			return 0;
		}
		ZonedDateTime from = anchor.atZone(ZoneOffset.UTC);
		ZonedDateTime to = now.atZone(ZoneOffset.UTC);
		long estimate = switch (this) {
			case ONCE -> 0;
			case DAY -> java.time.temporal.ChronoUnit.DAYS.between(from, to);
			case WEEK -> java.time.temporal.ChronoUnit.WEEKS.between(from, to);
			case MONTH -> java.time.temporal.ChronoUnit.MONTHS.between(from, to);
			case YEAR -> java.time.temporal.ChronoUnit.YEARS.between(from, to);
		};
		while (estimate > 0 && periodStart(anchor, estimate).isAfter(now)) {
			estimate--;
		}
		while (!periodStart(anchor, estimate + 1).isAfter(now)) {
			estimate++;
		}
		return estimate;
	}

}

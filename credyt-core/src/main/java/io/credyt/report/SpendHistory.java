package io.credyt.report;

import java.util.List;

/**
 * A customer's spend per UTC day over a period, every day the period touches listed (a day
 * without usage as zero), with the period's totals.
 *
 * @param query what the history covers
 * @param days one entry per day, in order
 * @param totals the whole period
 */
public record SpendHistory(SpendQuery query, List<DailySpend> days, SpendLine totals) {

	public SpendHistory {
		days = List.copyOf(days);
	}

}

package io.credyt.report;

import java.time.LocalDate;

/**
 * One UTC day of a profitability report: what the day's usage earned and cost.
 *
 * @param day the day (UTC)
 * @param line its usage, every customer together
 */
public record DailyProfitability(LocalDate day, ProfitabilityLine line) {
}

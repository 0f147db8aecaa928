package io.credyt.report;

import java.time.LocalDate;

/**
 * One UTC day of a customer's spend history.
 *
 * @param day the day (UTC)
 * @param line what the day's usage was charged
 */
public record DailySpend(LocalDate day, SpendLine line) {
}

package io.credyt.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.credyt.InvalidRequestException;

/**
 * Which usage a customer's spend history covers: one customer's usage charged in one asset and
 * recorded in {@code [from, to)}. The period has the bounds of a {@link ProfitabilityQuery}.
 *
 * @param customer the customer's external id (checked by the report, as every report checks it)
 * @param asset the asset the fees were charged in
 * @param from the start, inclusive
 * @param to the end, exclusive; at most {@value ProfitabilityQuery#MAX_DAYS} days after {@code from}
 */
public record SpendQuery(String customer, String asset, Instant from, Instant to) {

	public SpendQuery {
		if (from == null || to == null) {
			throw new InvalidRequestException((from == null) ? "from" : "to", "is required");
		}
		if (!from.isBefore(to)) {
			throw new InvalidRequestException("to", "must be after from");
		}
		if (Duration.between(from, to).compareTo(Duration.ofDays(ProfitabilityQuery.MAX_DAYS)) > 0) {
			throw new InvalidRequestException("to",
					"a report covers at most " + ProfitabilityQuery.MAX_DAYS + " days");
		}
	}

	/**
	 * The customer's last {@value ProfitabilityQuery#DEFAULT_DAYS} days in an asset.
	 * @param customer the customer's external id
	 * @param asset the asset
	 * @param clock what now is
	 * @return the query
	 */
	public static SpendQuery lastDays(String customer, String asset, Clock clock) {
		return lastDays(ProfitabilityQuery.DEFAULT_DAYS, customer, asset, clock);
	}

	/**
	 * The customer's last {@code days} days up to now in an asset; the period ends at the end of the
	 * current second, as {@link ProfitabilityQuery#lastDays(int, Clock)}'s does.
	 * @param days how many days, 1 to {@value ProfitabilityQuery#MAX_DAYS}
	 * @param customer the customer's external id
	 * @param asset the asset
	 * @param clock what now is
	 * @return the query
	 */
	public static SpendQuery lastDays(int days, String customer, String asset, Clock clock) {
		if (days < 1 || days > ProfitabilityQuery.MAX_DAYS) {
			throw new InvalidRequestException("days",
					"must be between 1 and " + ProfitabilityQuery.MAX_DAYS + ", was " + days);
		}
		Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		return new SpendQuery(customer, asset, end.minus(Duration.ofDays(days)), end);
	}

}

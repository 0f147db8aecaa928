package io.credyt.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.Product;

/**
 * Which usage a profitability report covers: usage recorded in {@code [from, to)}, optionally of
 * one product or of the products bought from one vendor, and how many customers it lists. The
 * subscription fees collected in {@code [from, to)} are covered when neither a product nor a
 * vendor is named.
 *
 * @param from the start, inclusive
 * @param to the end, exclusive; at most {@value #MAX_DAYS} days after {@code from}
 * @param product only this product's usage, or {@code null} for every product's
 * @param vendor only the usage of products bought from this vendor, or {@code null}
 * @param limit how many customers to list, the least profitable first (the totals cover all)
 */
public record ProfitabilityQuery(Instant from, Instant to, @Nullable String product, @Nullable String vendor,
		int limit) {

	/** The period a report covers unless told otherwise, in days. */
	public static final int DEFAULT_DAYS = 30;

	/** The longest period one report covers, in days. */
	public static final int MAX_DAYS = 366;

	/** Customers listed unless told otherwise. */
	public static final int DEFAULT_LIMIT = 100;

	/** The most customers one report lists. */
	public static final int MAX_LIMIT = 1000;

	public ProfitabilityQuery {
		if (from == null || to == null) {
			throw new InvalidRequestException((from == null) ? "from" : "to", "is required");
		}
		if (!from.isBefore(to)) {
			throw new InvalidRequestException("to", "must be after from");
		}
		if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
			throw new InvalidRequestException("to", "a report covers at most " + MAX_DAYS + " days");
		}
		if (product != null && (product.length() > 64 || product.isBlank())) {
			throw new InvalidRequestException("product", "must be a product code of 1 to 64 characters");
		}
		if (vendor != null && !vendor.matches(Product.VENDOR_PATTERN)) {
			throw new InvalidRequestException("vendor", "must be 1 to 64 letters, digits, '_', '.' or '-'");
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
		}
	}

	/**
	 * The last {@value #DEFAULT_DAYS} days, every product, the first {@value #DEFAULT_LIMIT} customers.
	 * @param clock what now is
	 * @return the query
	 */
	public static ProfitabilityQuery lastDays(Clock clock) {
		return lastDays(DEFAULT_DAYS, clock);
	}

	/**
	 * The last {@code days} days up to now, every product, the first {@value #DEFAULT_LIMIT}
	 * customers. The period ends at the end of the current second, so usage recorded just now is in.
	 * @param days how many days, 1 to {@value #MAX_DAYS}
	 * @param clock what now is
	 * @return the query
	 */
	public static ProfitabilityQuery lastDays(int days, Clock clock) {
		if (days < 1 || days > MAX_DAYS) {
			throw new InvalidRequestException("days", "must be between 1 and " + MAX_DAYS + ", was " + days);
		}
		Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		return new ProfitabilityQuery(end.minus(Duration.ofDays(days)), end, null, null, DEFAULT_LIMIT);
	}

	public ProfitabilityQuery product(@Nullable String value) {
		return new ProfitabilityQuery(this.from, this.to, value, this.vendor, this.limit);
	}

	public ProfitabilityQuery vendor(@Nullable String value) {
		return new ProfitabilityQuery(this.from, this.to, this.product, value, this.limit);
	}

	public ProfitabilityQuery limit(int value) {
		return new ProfitabilityQuery(this.from, this.to, this.product, this.vendor, value);
	}

}

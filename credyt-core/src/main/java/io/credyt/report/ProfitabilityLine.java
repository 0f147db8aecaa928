package io.credyt.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.jspecify.annotations.Nullable;

/**
 * What usage earned and cost, in the base currency: the recognized revenue is the paid value the
 * usage consumed; value from promotional and bundled grants, and usage beyond the funds
 * (overdraft), are shown apart and are not revenue; the vendor cost is what the usage cost the
 * operator, whoever paid for it. A refunded charge counts as an event and keeps its cost, but the
 * value it consumed is no longer counted (the refund gave it back).
 *
 * @param events how many usage events
 * @param revenue paid value consumed
 * @param promotional promotional value consumed
 * @param bundled bundled value consumed
 * @param unfunded value consumed beyond the funds, owed
 * @param cost the vendor cost
 * @param margin {@code revenue - cost}
 * @param marginPercent {@code margin / revenue} in percent (two decimals), {@code null} when there
 * was no revenue
 */
public record ProfitabilityLine(long events, BigDecimal revenue, BigDecimal promotional, BigDecimal bundled,
		BigDecimal unfunded, BigDecimal cost, BigDecimal margin, @Nullable BigDecimal marginPercent) {

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	/** Nothing yet. */
	public static final ProfitabilityLine ZERO = of(0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
			BigDecimal.ZERO, BigDecimal.ZERO);

	/**
	 * A line from its sums; the margin and its percentage follow.
	 * @param events how many usage events
	 * @param revenue paid value consumed
	 * @param promotional promotional value consumed
	 * @param bundled bundled value consumed
	 * @param unfunded value consumed beyond the funds
	 * @param cost the vendor cost
	 * @return the line
	 */
	public static ProfitabilityLine of(long events, BigDecimal revenue, BigDecimal promotional, BigDecimal bundled,
			BigDecimal unfunded, BigDecimal cost) {
		BigDecimal margin = revenue.subtract(cost);
		BigDecimal percent = (revenue.signum() == 0) ? null
				: margin.multiply(HUNDRED).divide(revenue, 2, RoundingMode.HALF_EVEN);
		return new ProfitabilityLine(events, revenue, promotional, bundled, unfunded, cost, margin, percent);
	}

	/**
	 * This line and another, added.
	 * @param other the other line
	 * @return the sum
	 */
	public ProfitabilityLine plus(ProfitabilityLine other) {
		return of(this.events + other.events, this.revenue.add(other.revenue), this.promotional.add(other.promotional),
				this.bundled.add(other.bundled), this.unfunded.add(other.unfunded), this.cost.add(other.cost));
	}

}

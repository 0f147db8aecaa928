package io.credyt.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.jspecify.annotations.Nullable;

/**
 * What usage and subscriptions earned and what usage cost, in the base currency: the recognized
 * usage revenue is the paid value the usage consumed; value from promotional and bundled grants
 * (a plan's allowance is bundled: its units cost no money), and usage beyond the funds
 * (overdraft), are shown apart and are not revenue; subscription fees are revenue, shown apart
 * from usage; the vendor cost is what the usage cost the operator, whoever paid for it. A
 * refunded charge counts as an event and keeps its cost, but the value it consumed is no longer
 * counted (the refund gave it back).
 *
 * @param events how many usage events
 * @param revenue paid value consumed by usage
 * @param subscriptionRevenue subscription fees that are revenue (what paid value or a card paid
 * of them), less the paid value credited back at upgrades
 * @param promotional promotional value consumed
 * @param bundled bundled value consumed
 * @param unfunded value consumed beyond the funds, owed
 * @param cost the vendor cost
 * @param margin {@code revenue + subscriptionRevenue - cost}
 * @param marginPercent {@code margin / (revenue + subscriptionRevenue)} in percent (two
 * decimals), {@code null} when there was no revenue
 */
public record ProfitabilityLine(long events, BigDecimal revenue, BigDecimal subscriptionRevenue,
		BigDecimal promotional, BigDecimal bundled, BigDecimal unfunded, BigDecimal cost, BigDecimal margin,
		@Nullable BigDecimal marginPercent) {

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	/** Nothing yet. */
	public static final ProfitabilityLine ZERO = of(0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
			BigDecimal.ZERO, BigDecimal.ZERO);

	/**
	 * A line of usage from its sums; the margin and its percentage follow.
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
		return line(events, revenue, BigDecimal.ZERO, promotional, bundled, unfunded, cost);
	}

	/**
	 * A line of subscription fees alone: no usage, no cost.
	 * @param revenue the fees' revenue
	 * @return the line
	 */
	public static ProfitabilityLine subscriptionFees(BigDecimal revenue) {
		return line(0, BigDecimal.ZERO, revenue, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
	}

	private static ProfitabilityLine line(long events, BigDecimal revenue, BigDecimal subscriptionRevenue,
			BigDecimal promotional, BigDecimal bundled, BigDecimal unfunded, BigDecimal cost) {
		BigDecimal earned = revenue.add(subscriptionRevenue);
		BigDecimal margin = earned.subtract(cost);
		BigDecimal percent = (earned.signum() == 0) ? null
				: margin.multiply(HUNDRED).divide(earned, 2, RoundingMode.HALF_EVEN);
		return new ProfitabilityLine(events, revenue, subscriptionRevenue, promotional, bundled, unfunded, cost, margin,
				percent);
	}

	/**
	 * Everything that is revenue: usage and subscription fees.
	 * @return {@code revenue + subscriptionRevenue}
	 */
	public BigDecimal totalRevenue() {
		return this.revenue.add(this.subscriptionRevenue);
	}

	/**
	 * This line and another, added.
	 * @param other the other line
	 * @return the sum
	 */
	public ProfitabilityLine plus(ProfitabilityLine other) {
		return line(this.events + other.events, this.revenue.add(other.revenue),
				this.subscriptionRevenue.add(other.subscriptionRevenue), this.promotional.add(other.promotional),
				this.bundled.add(other.bundled), this.unfunded.add(other.unfunded), this.cost.add(other.cost));
	}

}

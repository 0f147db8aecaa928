package io.credyt.report;

import java.math.BigDecimal;

/**
 * What a customer's usage was charged, in the asset of the {@link SpendQuery}: the fee and the
 * value it consumed by purpose (paid, promotional, bundled, and beyond the funds), with what the
 * usage cost the operator. The customer may see the fees; the vendor cost is the operator's alone.
 *
 * @param events how many usage events
 * @param fee the fees charged; {@code paid + promotional + bundled + unfunded}
 * @param paid paid value consumed
 * @param promotional promotional value consumed
 * @param bundled bundled value consumed
 * @param unfunded value consumed beyond the funds, owed
 * @param cost the vendor cost, in the base currency
 */
public record SpendLine(long events, BigDecimal fee, BigDecimal paid, BigDecimal promotional, BigDecimal bundled,
		BigDecimal unfunded, BigDecimal cost) {

	/** Nothing spent. */
	public static final SpendLine ZERO = new SpendLine(0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
			BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

	/**
	 * This line and another, added.
	 * @param other the other line
	 * @return the sum
	 */
	public SpendLine plus(SpendLine other) {
		return new SpendLine(this.events + other.events, this.fee.add(other.fee), this.paid.add(other.paid),
				this.promotional.add(other.promotional), this.bundled.add(other.bundled),
				this.unfunded.add(other.unfunded), this.cost.add(other.cost));
	}

}

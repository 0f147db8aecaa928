package io.credyt.catalog;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import io.credyt.money.Money;

/**
 * A unit price that applies when the usage's dimensions match: {@code quality=hd → 0.40}. A
 * condition value of {@value #ANY} matches any value, or none. Of the rules that match, the one
 * with the most exact conditions wins; on a tie, the one declared first.
 *
 * @param when the conditions, dimension name to value or {@value #ANY}; empty matches all usage
 * @param unitPrice the price of one unit (or one package), in the product's asset
 * @param unitCost the vendor cost of one unit, in the base currency, or {@code null} for the
 * product's default
 */
public record PriceRule(Map<String, String> when, BigDecimal unitPrice, @Nullable BigDecimal unitCost) {

	/** The wildcard condition value. */
	public static final String ANY = "*";

	public PriceRule {
		when = Map.copyOf(new TreeMap<>(when));
		unitPrice = Money.exact(unitPrice, "price.unitPrice");
		if (unitPrice.signum() < 0) {
			throw new io.credyt.InvalidRequestException("price.unitPrice", "must not be negative");
		}
		if (unitCost != null) {
			unitCost = Money.exact(unitCost, "price.unitCost");
		}
	}

	/**
	 * How many exact conditions match, or -1 when the rule does not apply.
	 * @param dimensions the usage's dimensions
	 * @return the specificity of the match, or -1
	 */
	int match(Map<String, String> dimensions) {
		int exact = 0;
		for (Map.Entry<String, String> condition : this.when.entrySet()) {
			if (ANY.equals(condition.getValue())) {
				continue;
			}
			if (!condition.getValue().equals(dimensions.get(condition.getKey()))) {
				return -1;
			}
			exact++;
		}
		return exact;
	}

}

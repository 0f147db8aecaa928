package io.credyt.catalog;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What a usage costs before entitlements: quantity × unit price (or per started package), and
 * what it costs the operator.
 *
 * @param product the product code
 * @param asset the asset the fee is in
 * @param dimensions the validated dimension values, sorted by name
 * @param quantity the quantity, at storage scale
 * @param unitPrice the price rule's unit (or package) price
 * @param fee the fee, rounded to storage scale
 * @param cost the vendor cost in the base currency: the product's configured cost (zero when
 * unknown), or what the caller said the usage actually cost
 */
public record Quote(String product, String asset, Map<String, String> dimensions, BigDecimal quantity,
		BigDecimal unitPrice, BigDecimal fee, BigDecimal cost) {

	/**
	 * This quote with what the usage actually cost the operator in place of the configured cost.
	 * @param actual the vendor cost in the base currency, validated by the caller
	 * @return the quote with that cost
	 */
	public Quote cost(BigDecimal actual) {
		return new Quote(this.product, this.asset, this.dimensions, this.quantity, this.unitPrice, this.fee, actual);
	}

}

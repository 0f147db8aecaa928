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
 * @param cost the vendor cost in the base currency (zero when unknown)
 */
public record Quote(String product, String asset, Map<String, String> dimensions, BigDecimal quantity,
		BigDecimal unitPrice, BigDecimal fee, BigDecimal cost) {
}

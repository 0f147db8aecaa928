package io.credyt.money;

import java.math.BigDecimal;

/**
 * The result of {@link Money#convert}: {@code amount × from.rate == converted × to.rate +
 * residualInBase}, exactly.
 *
 * @param amount the source amount
 * @param from the source asset
 * @param converted the amount credited in the target asset, rounded down to storage scale
 * @param to the target asset
 * @param residualInBase what rounding kept back, valued in the base currency (never negative)
 */
public record Conversion(BigDecimal amount, Asset from, BigDecimal converted, Asset to, BigDecimal residualInBase) {
}

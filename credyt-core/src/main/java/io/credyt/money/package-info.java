/**
 * Exact money arithmetic, assets and the rounding rules: {@code BigDecimal} throughout, 12 stored fraction digits.
 */
@NullMarked
package io.credyt.money;

import org.jspecify.annotations.NullMarked;

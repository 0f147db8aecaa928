package io.credyt.payment;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * A customer's own auto top-up: when a debit takes the available balance of the top-up asset
 * below {@code threshold}, {@code amount} is charged to {@code paymentMethod}.
 *
 * @param enabled whether it is on
 * @param threshold the available balance below which a top-up starts, in the top-up asset
 * @param amount what one top-up pays, in major units of the top-up currency
 * @param paymentMethod the saved card to charge; required when enabled
 */
public record AutoTopUpSettings(boolean enabled, BigDecimal threshold, BigDecimal amount,
		@Nullable String paymentMethod) {
}

package io.credyt.payment;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;

import io.credyt.InvalidRequestException;
import io.credyt.money.Money;

/**
 * What a customer may top up: the asset credited, the currency paid in, the bounds of one
 * payment, and the amounts offered as one-click choices. Amounts are in major units of
 * {@code currency} ($5.00 is {@code 5.00}).
 *
 * @param asset the asset to credit, e.g. {@code USD} or {@code credits}
 * @param currency the ISO currency paid in, e.g. {@code USD}
 * @param minimum the smallest payment accepted
 * @param maximum the largest payment accepted
 * @param presets the amounts offered as choices, each within the bounds
 */
public record TopUpPolicy(String asset, String currency, BigDecimal minimum, BigDecimal maximum,
		List<BigDecimal> presets) {

	/** The field {@link InvalidRequestException} names when an amount is refused. */
	public static final String AMOUNT = "amount";

	public TopUpPolicy {
		if (asset == null || asset.isBlank()) {
			throw new InvalidRequestException("topUp.asset", "is required");
		}
		fractionDigits(currency);
		Money.checked(minimum, "topUp.minimum");
		Money.checked(maximum, "topUp.maximum");
		if (minimum.signum() <= 0) {
			throw new InvalidRequestException("topUp.minimum", "must be positive, was " + minimum);
		}
		if (maximum.compareTo(minimum) < 0) {
			throw new InvalidRequestException("topUp.maximum",
					"must be at least the minimum " + minimum.toPlainString() + ", was " + maximum);
		}
		presets = List.copyOf((presets != null) ? presets : List.of());
		for (BigDecimal preset : presets) {
			Money.checked(preset, "topUp.presets");
			String problem = problem(preset, currency, minimum, maximum);
			if (problem != null) {
				throw new InvalidRequestException("topUp.presets", preset + " " + problem);
			}
		}
	}

	/**
	 * A policy from decimal strings, e.g.
	 * {@code of("USD", "USD", "5.00", "500.00", "10", "25", "50")}.
	 * @param asset the asset to credit
	 * @param currency the currency paid in
	 * @param minimum the smallest payment
	 * @param maximum the largest payment
	 * @param presets the amounts offered
	 * @return the policy
	 */
	public static TopUpPolicy of(String asset, String currency, String minimum, String maximum, String... presets) {
		return new TopUpPolicy(asset, currency, new BigDecimal(minimum), new BigDecimal(maximum),
				Arrays.stream(presets).map(BigDecimal::new).toList());
	}

	/**
	 * The decimal places of the currency's minor unit: 2 for USD (cents), 0 for JPY.
	 * @return the digits a payable amount may have after the point
	 */
	public int currencyDigits() {
		return fractionDigits(this.currency);
	}

	/**
	 * Refuses an amount a customer may not pay.
	 * @param amount the amount, in major units of {@link #currency()}
	 * @return the amount, unchanged
	 * @throws InvalidRequestException naming {@value #AMOUNT} when it is missing, outside the
	 * ledger's limits ({@link Money#checked}), not positive,
	 * finer than the currency's minor unit (cents), below {@link #minimum()} or above
	 * {@link #maximum()}
	 */
	public BigDecimal validate(BigDecimal amount) {
		// the ledger's limits first, so that no message below writes out a number like 1e999999999
		Money.checked(amount, AMOUNT);
		String problem = problem(amount, this.currency, this.minimum, this.maximum);
		if (problem != null) {
			throw new InvalidRequestException(AMOUNT, problem);
		}
		return amount;
	}

	private static String problem(BigDecimal amount, String currency, BigDecimal minimum, BigDecimal maximum) {
		if (amount == null) {
			return "is required";
		}
		if (amount.signum() <= 0) {
			return "must be positive, was " + amount.toPlainString();
		}
		int digits = fractionDigits(currency);
		if (amount.stripTrailingZeros().scale() > digits) {
			return "must have at most " + digits + " decimal places in " + currency + ", was " + amount.toPlainString();
		}
		if (amount.compareTo(minimum) < 0) {
			return "must be at least " + minimum.toPlainString() + " " + currency + ", was " + amount.toPlainString();
		}
		if (amount.compareTo(maximum) > 0) {
			return "must be at most " + maximum.toPlainString() + " " + currency + ", was " + amount.toPlainString();
		}
		return null;
	}

	// Payment providers charge in the currency's minor unit (cents), so nothing finer is payable.
	private static int fractionDigits(String currency) {
		if (currency == null) {
			throw new InvalidRequestException("topUp.currency", "is required");
		}
		try {
			return Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("topUp.currency", "must be an ISO 4217 code, was '" + currency + "'");
		}
	}

}

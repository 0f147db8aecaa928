package io.credyt.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

import io.credyt.InvalidRequestException;

/**
 * A unit of value held in a wallet: {@code USD} by default, or a custom asset such as
 * {@code credits}.
 *
 * @param code the asset code, e.g. {@code USD} or {@code credits}
 * @param label the unit's display name, e.g. {@code credits}; for a currency its code
 * @param symbol a prefix for display, e.g. {@code $}; empty for custom assets shown with their
 * label
 * @param precision how many fraction digits are shown to people (2 for USD, 0 for whole credits);
 * values are always stored with {@link Money#SCALE} digits
 * @param rateToBase the value of one unit in the base currency (1 for USD; 0.01 when one credit
 * is a cent)
 */
public record Asset(String code, String label, String symbol, int precision, BigDecimal rateToBase) {

	/** The base currency, built in. */
	public static final Asset USD = new Asset("USD", "USD", "$", 2, BigDecimal.ONE);

	public Asset {
		if (code == null || !code.matches("[A-Za-z][A-Za-z0-9_-]{0,31}")) {
			throw new InvalidRequestException("asset.code",
					"must be 1 to 32 letters, digits, '_' or '-', starting with a letter, was '" + code + "'");
		}
		if (label == null || label.isBlank()) {
			label = code;
		}
		if (symbol == null) {
			symbol = "";
		}
		if (precision < 0 || precision > Money.SCALE) {
			throw new InvalidRequestException("asset.precision",
					"must be between 0 and " + Money.SCALE + ", was " + precision);
		}
		if (rateToBase == null || rateToBase.signum() <= 0) {
			throw new InvalidRequestException("asset.rateToBase", "must be positive, was " + rateToBase);
		}
		rateToBase = Money.exact(rateToBase, "asset.rateToBase");
	}

	/**
	 * A custom asset displayed by its label, e.g. {@code custom("credits", "credits", 0, 0.01)}.
	 * @param code the asset code
	 * @param label the display label
	 * @param precision fraction digits shown
	 * @param rateToBase value of one unit in the base currency
	 * @return the asset
	 */
	public static Asset custom(String code, String label, int precision, BigDecimal rateToBase) {
		return new Asset(code, label, "", precision, rateToBase);
	}

	/**
	 * Formats an amount for people, rounded to {@link #precision()} with the given mode:
	 * {@code $4.50}, {@code -$0.25}, {@code 450 credits}.
	 * @param amount the amount
	 * @param mode the rounding mode ({@link Money#BALANCE_DISPLAY} or {@link Money#PRICE_DISPLAY})
	 * @return the formatted amount
	 * @throws InvalidRequestException if the amount is outside the ledger's limits (more than
	 * {@link Money#SCALE} fraction digits, or not below {@link Money#MAX_AMOUNT}): such a number is
	 * never a balance or a price, and rounding one like {@code 1e-39999999} would take minutes
	 */
	public String format(BigDecimal amount, RoundingMode mode) {
		BigDecimal shown = Money.checked(amount, "amount").setScale(this.precision, mode);
		String digits = shown.abs().toPlainString();
		String sign = shown.signum() < 0 ? "-" : "";
		if (!this.symbol.isEmpty()) {
			return sign + this.symbol + digits;
		}
		return sign + digits + " " + this.label;
	}

	/**
	 * Whether this asset is the given code, compared without regard to case.
	 * @param other an asset code
	 * @return whether the codes match
	 */
	public boolean is(String other) {
		return this.code.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
	}

}

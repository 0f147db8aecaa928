package io.credyt.stripe;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

import io.credyt.InvalidRequestException;

/**
 * Stripe's amounts are integers in the currency's smallest unit: cents for USD, yen for JPY
 * (a zero-decimal currency), and for the three-decimal currencies thousandths whose last digit
 * must be 0.
 *
 * @see <a href="https://docs.stripe.com/currencies#zero-decimal">Stripe zero-decimal currencies</a>
 */
final class MinorUnits {

	private static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
			"PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF");

	private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

	private MinorUnits() {
	}

	/**
	 * The amount in minor units, exactly.
	 * @throws InvalidRequestException when the amount is not positive or is finer than the
	 * currency's smallest unit (e.g. {@code 5.005} USD)
	 */
	static long of(BigDecimal amount, String currency) {
		if (amount.signum() <= 0) {
			throw new InvalidRequestException("amount", "must be positive, was " + amount.toPlainString());
		}
		String code = currency.toUpperCase(Locale.ROOT);
		BigDecimal minor = amount.movePointRight(fractionDigits(code));
		if (minor.stripTrailingZeros().scale() > 0) {
			throw new InvalidRequestException("amount", amount.toPlainString() + " " + code
					+ " is not a whole number of the currency's smallest unit");
		}
		if (THREE_DECIMAL.contains(code) && minor.remainder(BigDecimal.TEN).signum() != 0) {
			throw new InvalidRequestException("amount",
					amount.toPlainString() + " " + code + " must be a multiple of 0.010 for Stripe");
		}
		try {
			return minor.longValueExact();
		}
		catch (ArithmeticException ex) {
			throw new InvalidRequestException("amount", amount.toPlainString() + " " + code + " is too large");
		}
	}

	/** The amount in major units, e.g. {@code 500} USD cents is {@code 5.00}. */
	static BigDecimal toMajor(long minor, String currency) {
		return BigDecimal.valueOf(minor, fractionDigits(currency.toUpperCase(Locale.ROOT)));
	}

	private static int fractionDigits(String code) {
		if (ZERO_DECIMAL.contains(code)) {
			return 0;
		}
		return THREE_DECIMAL.contains(code) ? 3 : 2;
	}

}

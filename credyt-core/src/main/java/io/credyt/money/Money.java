package io.credyt.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.credyt.InvalidRequestException;

/**
 * The money rules, in one place.
 *
 * <ul>
 * <li>Every amount is a {@code BigDecimal} stored with {@value #SCALE} fraction digits
 * ({@code NUMERIC(38,12)}), so a price of $3 per million tokens ($0.000003) is exact.</li>
 * <li>A computed amount with more digits than that (a unit price times a fractional quantity,
 * a conversion between assets) is rounded {@linkplain #STORAGE half-up} to {@value #SCALE}
 * digits. Where the exact value does not terminate, the difference is never dropped: a
 * {@linkplain #allocate split} hands the leftover units to the first parts so the parts add up
 * to the whole, and a {@linkplain #convert conversion} returns the residual so the ledger can
 * record it.</li>
 * <li>Display: balances are shown rounded {@linkplain #BALANCE_DISPLAY down} (floor) to the
 * asset's precision, so "$4.50 left" never promises money that is not there; prices and fees
 * are shown rounded {@linkplain #PRICE_DISPLAY half-up}.</li>
 * </ul>
 */
public final class Money {

	/** Fraction digits stored for every amount. */
	public static final int SCALE = 12;

	/** The largest magnitude an amount may have: fits {@code NUMERIC(38,12)} with room to add. */
	public static final BigDecimal MAX_AMOUNT = new BigDecimal("1e20");

	/** The largest quantity of units one usage may carry. */
	public static final BigDecimal MAX_QUANTITY = new BigDecimal("1e15");

	/** How many characters of a refused input a message quotes at most. */
	public static final int ECHOED = 20;

	/** The longest text {@link #parse} reads: room for every amount the ledger holds, with zeros. */
	public static final int MAX_TEXT = 64;

	/** How a computed amount with more than {@link #SCALE} digits is rounded for storage. */
	public static final RoundingMode STORAGE = RoundingMode.HALF_UP;

	/** How balances are rounded for display: never show more than there is. */
	public static final RoundingMode BALANCE_DISPLAY = RoundingMode.FLOOR;

	/** How prices and fees are rounded for display. */
	public static final RoundingMode PRICE_DISPLAY = RoundingMode.HALF_UP;

	private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)");

	private static final BigDecimal SMALLEST = BigDecimal.ONE.movePointLeft(SCALE);

	private Money() {
	}

	/**
	 * Validates an amount given by a caller: not null, at most {@link #SCALE} fraction digits,
	 * magnitude below {@link #MAX_AMOUNT}. Returns it at storage scale. The checks read the
	 * amount's precision and scale before anything expands it, so {@code 1e-999999999} or
	 * {@code 1e999999999} is refused at once, and the refusal quotes at most
	 * {@value #ECHOED} characters of it.
	 * @param amount the amount
	 * @param field the input's name, for the error
	 * @return the amount with scale {@link #SCALE}
	 * @throws InvalidRequestException if the amount is unfit
	 */
	public static BigDecimal exact(@Nullable BigDecimal amount, String field) {
		BigDecimal checked = checked(amount, field);
		return (checked.signum() == 0) ? zero() : checked.setScale(SCALE, RoundingMode.UNNECESSARY);
	}

	/**
	 * Validates an amount given by a caller as {@link #exact} does, and returns it unchanged
	 * (with the scale it was written with), for callers that show it back as it was typed.
	 * @param amount the amount
	 * @param field the input's name, for the error
	 * @return the amount, unchanged (zero of any scale as {@link BigDecimal#ZERO})
	 * @throws InvalidRequestException if the amount is unfit
	 */
	public static BigDecimal checked(@Nullable BigDecimal amount, String field) {
		return within(amount, field, MAX_AMOUNT, false);
	}

	/**
	 * Validates a quantity of units given by a caller: not null, at most {@link #SCALE}
	 * fraction digits, at most {@link #MAX_QUANTITY}. Whether it must be positive is the
	 * caller's rule.
	 * @param quantity the quantity
	 * @param field the input's name, for the error
	 * @return the quantity, unchanged (zero of any scale as {@link BigDecimal#ZERO})
	 * @throws InvalidRequestException if the quantity is unfit
	 */
	public static BigDecimal quantity(@Nullable BigDecimal quantity, String field) {
		return within(quantity, field, MAX_QUANTITY, true);
	}

	/**
	 * Parses an amount typed by a person or sent in a request ({@code 12.50}, {@code -3},
	 * {@code .5}): a plain decimal, no exponent, no grouping, at most {@value #MAX_TEXT}
	 * characters, then within the limits of {@link #checked}. This is the one way an amount from
	 * outside becomes a number, so nothing downstream ever sees a number the ledger cannot hold.
	 * @param text the text, surrounding white space ignored
	 * @param field the input's name, for the error
	 * @return the amount, with the scale it was written with
	 * @throws InvalidRequestException naming {@code field} if the text is missing, not a plain
	 * decimal, or outside the limits; the message quotes at most {@value #ECHOED} characters of it
	 */
	public static BigDecimal parse(@Nullable String text, String field) {
		return checked(decimal(text, field), field);
	}

	/**
	 * Parses a quantity of units typed by a person or given as text (a SpEL result): a plain
	 * decimal as {@link #parse}, within the limits of {@link #quantity}.
	 * @param text the text, surrounding white space ignored
	 * @param field the input's name, for the error
	 * @return the quantity, with the scale it was written with
	 * @throws InvalidRequestException naming {@code field} if the text is missing, not a plain
	 * decimal, or outside the limits
	 */
	public static BigDecimal parseQuantity(@Nullable String text, String field) {
		return quantity(decimal(text, field), field);
	}

	/**
	 * Validates an amount that must be strictly positive.
	 * @param amount the amount
	 * @param field the input's name, for the error
	 * @return the amount with scale {@link #SCALE}
	 */
	public static BigDecimal positive(@Nullable BigDecimal amount, String field) {
		BigDecimal exact = exact(amount, field);
		if (exact.signum() <= 0) {
			throw new InvalidRequestException(field, "must be positive, was " + exact.stripTrailingZeros().toPlainString());
		}
		return exact;
	}

	/**
	 * Validates an amount that may be zero but not negative (a vendor cost: a cached result may
	 * cost nothing), with the limits of {@link #exact}.
	 * @param amount the amount
	 * @param field the input's name, for the error
	 * @return the amount with scale {@link #SCALE}
	 * @throws InvalidRequestException if the amount is missing, negative or otherwise unfit
	 */
	public static BigDecimal notNegative(@Nullable BigDecimal amount, String field) {
		BigDecimal exact = exact(amount, field);
		if (exact.signum() < 0) {
			throw new InvalidRequestException(field,
					"must not be negative, was " + echo(exact.stripTrailingZeros().toPlainString()));
		}
		return exact;
	}

	/**
	 * At most the first {@value #ECHOED} characters of an input, for a refusal message: an input
	 * refused for its size is never written out whole.
	 * @param input the refused input
	 * @return the input, shortened with "…" when it is longer
	 */
	public static String echo(@Nullable Object input) {
		String text = String.valueOf(input);
		return (text.length() <= ECHOED) ? text : text.substring(0, ECHOED) + "…";
	}

	private static BigDecimal decimal(@Nullable String text, String field) {
		if (text == null || text.isBlank()) {
			throw new InvalidRequestException(field, "is required");
		}
		String trimmed = text.strip();
		if (trimmed.length() > MAX_TEXT || !PLAIN_DECIMAL.matcher(trimmed).matches()) {
			throw new InvalidRequestException(field, "must be a number such as 12.50, was '"
					+ echo(trimmed) + "'");
		}
		return new BigDecimal(trimmed);
	}

	/**
	 * The limits, checked from the number's precision and scale without expanding it: the
	 * integer digits ({@code precision - scale}) first, so a huge exponent is refused before any
	 * comparison or rescaling, then the fraction digits, of which only trailing zeros may go
	 * past {@link #SCALE}.
	 */
	private static BigDecimal within(@Nullable BigDecimal value, String field, BigDecimal max, boolean maxAllowed) {
		if (value == null) {
			throw new InvalidRequestException(field, "is required");
		}
		if (value.signum() == 0) {
			// 0E+999999999 is zero too; rescaling it as it is would build a power of ten that size
			return BigDecimal.ZERO;
		}
		long integerDigits = (long) value.precision() - value.scale();
		int maxIntegerDigits = max.precision() - max.scale();
		int compared = (integerDigits > maxIntegerDigits) ? 1 : value.abs().compareTo(max);
		if (compared > 0 || (compared == 0 && !maxAllowed)) {
			throw new InvalidRequestException(field, "is too large (" + (maxAllowed ? "at most " : "below ")
					+ max.toPlainString() + "), was " + echo(value));
		}
		if (value.scale() > SCALE) {
			// stripping can remove at most precision - 1 trailing zeros
			boolean tooPrecise = (long) value.scale() - (value.precision() - 1) > SCALE
					|| value.stripTrailingZeros().scale() > SCALE;
			if (tooPrecise) {
				throw new InvalidRequestException(field,
						"has more than " + SCALE + " fraction digits, was " + echo(value));
			}
		}
		return value;
	}

	/**
	 * Rounds a computed amount to storage scale with the {@link #STORAGE} rule.
	 * @param amount a computed amount
	 * @return the amount with scale {@link #SCALE}
	 */
	public static BigDecimal round(BigDecimal amount) {
		return amount.setScale(SCALE, STORAGE);
	}

	/**
	 * Zero at storage scale.
	 * @return zero
	 */
	public static BigDecimal zero() {
		return BigDecimal.ZERO.setScale(SCALE);
	}

	/**
	 * Splits an amount into {@code parts} shares that add up to it exactly: each share is the
	 * amount divided by the parts rounded down to {@link #SCALE} digits, and the leftover
	 * smallest units go one each to the first shares. $1 three ways is 0.333333333334,
	 * 0.333333333333, 0.333333333333.
	 * @param amount the amount to split
	 * @param parts how many shares, at least 1
	 * @return the shares, in order
	 */
	public static List<BigDecimal> allocate(BigDecimal amount, int parts) {
		if (parts < 1) {
			throw new InvalidRequestException("parts", "must be at least 1, was " + parts);
		}
		BigInteger units = exact(amount, "amount").unscaledValue();
		BigInteger[] divided = units.divideAndRemainder(BigInteger.valueOf(parts));
		int leftover = divided[1].abs().intValueExact();
		BigInteger step = BigInteger.valueOf(units.signum() < 0 ? -1 : 1);
		List<BigDecimal> shares = new ArrayList<>(parts);
		for (int i = 0; i < parts; i++) {
			BigInteger share = (i < leftover) ? divided[0].add(step) : divided[0];
			shares.add(new BigDecimal(share, SCALE));
		}
		return shares;
	}

	/**
	 * Converts an amount from one asset to another through their rates to the base currency.
	 * The result is rounded down to {@link #SCALE} digits (a customer is never credited value
	 * that was not paid for), and the residual (what the rounding kept back, valued in the base
	 * currency) is returned so that
	 * {@code amount × rate(from) == result × rate(to) + residual} holds exactly.
	 * @param amount the amount in {@code from}
	 * @param from the source asset
	 * @param to the target asset
	 * @return the converted amount and the residual
	 */
	public static Conversion convert(BigDecimal amount, Asset from, Asset to) {
		BigDecimal source = exact(amount, "amount");
		BigDecimal inBase = source.multiply(from.rateToBase());
		BigDecimal converted = inBase.divide(to.rateToBase(), SCALE, RoundingMode.DOWN);
		BigDecimal residualInBase = inBase.subtract(converted.multiply(to.rateToBase()));
		return new Conversion(source, from, converted, to, residualInBase);
	}

	/**
	 * The smallest stored amount, 0.000000000001.
	 * @return the smallest unit
	 */
	public static BigDecimal smallestUnit() {
		return SMALLEST;
	}

}

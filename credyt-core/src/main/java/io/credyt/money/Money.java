package io.credyt.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

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

	/** How a computed amount with more than {@link #SCALE} digits is rounded for storage. */
	public static final RoundingMode STORAGE = RoundingMode.HALF_UP;

	/** How balances are rounded for display: never show more than there is. */
	public static final RoundingMode BALANCE_DISPLAY = RoundingMode.FLOOR;

	/** How prices and fees are rounded for display. */
	public static final RoundingMode PRICE_DISPLAY = RoundingMode.HALF_UP;

	private static final BigDecimal SMALLEST = BigDecimal.ONE.movePointLeft(SCALE);

	private Money() {
	}

	/**
	 * Validates an amount given by a caller: not null, at most {@link #SCALE} fraction digits,
	 * magnitude below {@link #MAX_AMOUNT}. Returns it at storage scale.
	 * @param amount the amount
	 * @param field the input's name, for the error
	 * @return the amount with scale {@link #SCALE}
	 * @throws InvalidRequestException if the amount is unfit
	 */
	public static BigDecimal exact(BigDecimal amount, String field) {
		if (amount == null) {
			throw new InvalidRequestException(field, "is required");
		}
		if (amount.stripTrailingZeros().scale() > SCALE) {
			throw new InvalidRequestException(field,
					"has more than " + SCALE + " fraction digits: " + amount.toPlainString());
		}
		if (amount.abs().compareTo(MAX_AMOUNT) >= 0) {
			throw new InvalidRequestException(field, "is too large: " + amount.toPlainString());
		}
		return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
	}

	/**
	 * Validates an amount that must be strictly positive.
	 * @param amount the amount
	 * @param field the input's name, for the error
	 * @return the amount with scale {@link #SCALE}
	 */
	public static BigDecimal positive(BigDecimal amount, String field) {
		BigDecimal exact = exact(amount, field);
		if (exact.signum() <= 0) {
			throw new InvalidRequestException(field, "must be positive, was " + amount.toPlainString());
		}
		return exact;
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

package io.credyt.benchmarks.contestant;

import java.math.BigDecimal;

/**
 * The wallets of one run: how many, and how many operations each is funded for. Every operation
 * costs {@link #PRICE} (one unit for the contestants that count units).
 *
 * @param count how many wallets
 * @param fundedOperations how many operations each wallet can pay for
 */
public record Wallets(int count, long fundedOperations) {

	/** What one operation costs, in USD. */
	public static final BigDecimal PRICE = new BigDecimal("0.01");

	/** Enough for any run on one wallet: a hundred million operations. */
	public static final long DEFAULT_FUNDED_OPERATIONS = 100_000_000L;

	public Wallets {
		if (count < 1) {
			throw new IllegalArgumentException("At least one wallet is needed, was " + count);
		}
		if (fundedOperations < 1) {
			throw new IllegalArgumentException("Wallets must be funded, was " + fundedOperations);
		}
	}

	/**
	 * What each wallet starts with, in USD.
	 * @return the starting funds
	 */
	public BigDecimal funds() {
		return PRICE.multiply(BigDecimal.valueOf(this.fundedOperations));
	}

	/**
	 * The wallet's id in the contestants that key by number (1-based).
	 * @param wallet the wallet's index
	 * @return its numeric id
	 */
	public static long id(int wallet) {
		return wallet + 1L;
	}

	/**
	 * The wallet's customer id in the contestants that key by text.
	 * @param wallet the wallet's index
	 * @return its external id
	 */
	public static String externalId(int wallet) {
		return "wallet-" + id(wallet);
	}

}

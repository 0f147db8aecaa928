package io.credyt.benchmarks;

/**
 * A workload every contestant runs: how many wallets, how many threads, and which wallet each
 * operation charges (uniformly at random among the wallets).
 *
 * @param name the name in the results
 * @param wallets how many funded wallets
 * @param threads how many threads charge at once
 */
public record Scenario(String name, int wallets, int threads) {

	/** Many customers, each with a wallet of their own: the common case. */
	public static final String MANY = "many";

	/** One wallet shared by every caller, e.g. a B2B organization: one row's lock is the limit. */
	public static final String HOT = "hot";

	/** One caller: the latency of an operation with nothing in its way. */
	public static final String SINGLE = "single";

	public Scenario {
		if (wallets < 1 || threads < 1) {
			throw new IllegalArgumentException("A scenario needs wallets and threads: " + wallets + ", " + threads);
		}
	}

}

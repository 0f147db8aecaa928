package io.credyt.benchmarks.contestant;

/**
 * {@link MeteredOperations} without {@code @Billable}: the baseline of a call through a bean.
 */
public class PlainOperations {

	/**
	 * Does nothing.
	 * @param wallet ignored, as in {@link MeteredOperations#op}
	 */
	public void op(String wallet) {
		// the same empty work as the billed method
	}

}

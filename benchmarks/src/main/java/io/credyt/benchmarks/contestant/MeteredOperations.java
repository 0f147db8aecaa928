package io.credyt.benchmarks.contestant;

import io.credyt.annotation.Billable;

/**
 * A paid operation that does nothing else, so what a call costs is what billing it costs.
 */
public class MeteredOperations {

	/**
	 * Bills one {@code op} to the wallet and does nothing.
	 * @param wallet the paying customer's external id
	 */
	@Billable(product = BenchmarkCatalog.PRODUCT, customer = "#wallet")
	public void op(String wallet) {
		// the work being billed; nothing, so that only the billing is measured
	}

}

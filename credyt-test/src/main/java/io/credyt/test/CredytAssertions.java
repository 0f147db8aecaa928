package io.credyt.test;

import io.credyt.ledger.Balance;

/**
 * Entry point of the kit's AssertJ assertions; import it statically next to AssertJ's own
 * {@code assertThat}, the overloads do not clash:
 * <pre>{@code
 * import static io.credyt.test.CredytAssertions.assertThat;
 * import static org.assertj.core.api.Assertions.assertThat;
 *
 * assertThat(credyt.balance(customer)).hasAvailable("4.35").hasNothingHeld().hasFreeUnits("image", 0);
 * assertThat(credyt.billing(customer)).hasAvailable("4.35").hasUsageCount("image", 12);
 * }</pre>
 */
public final class CredytAssertions {

	private CredytAssertions() {
	}

	/**
	 * Assertions on a balance.
	 * @param actual the balance
	 * @return the assertions
	 */
	public static BalanceAssert assertThat(Balance actual) {
		return new BalanceAssert(actual);
	}

	/**
	 * Assertions on a customer's balance and usage.
	 * @param actual the snapshot, from {@link CredytTest#billing(String)}
	 * @return the assertions
	 */
	public static CustomerBillingAssert assertThat(CustomerBilling actual) {
		return new CustomerBillingAssert(actual);
	}

}

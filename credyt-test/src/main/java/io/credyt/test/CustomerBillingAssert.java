package io.credyt.test;

import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a customer's balance and usage ({@link CredytTest#billing(String)}).
 */
public class CustomerBillingAssert extends AbstractAssert<CustomerBillingAssert, CustomerBilling> {

	/**
	 * Assertions on a customer's billing.
	 * @param actual the snapshot
	 */
	public CustomerBillingAssert(CustomerBilling actual) {
		super(actual, CustomerBillingAssert.class);
	}

	/**
	 * Asserts what can be spent now in US dollars.
	 * @param amount the expected amount, e.g. {@code "4.35"}
	 * @return this
	 * @see BalanceAssert#hasAvailable(String)
	 */
	public CustomerBillingAssert hasAvailable(String amount) {
		balance().hasAvailable(amount);
		return this;
	}

	/**
	 * Asserts what can be spent now in an asset.
	 * @param asset the asset code
	 * @param amount the expected amount
	 * @return this
	 */
	public CustomerBillingAssert hasAvailable(String asset, String amount) {
		balance().hasAvailable(asset, amount);
		return this;
	}

	/**
	 * Asserts what active holds reserve in US dollars.
	 * @param amount the expected amount
	 * @return this
	 */
	public CustomerBillingAssert hasHeld(String amount) {
		balance().hasHeld(amount);
		return this;
	}

	/**
	 * Asserts that no active hold reserves anything.
	 * @return this
	 */
	public CustomerBillingAssert hasNothingHeld() {
		balance().hasNothingHeld();
		return this;
	}

	/**
	 * Asserts the units of a product left in the customer's free allowances.
	 * @param product the product code
	 * @param units the expected units
	 * @return this
	 */
	public CustomerBillingAssert hasFreeUnits(String product, long units) {
		balance().hasFreeUnits(product, units);
		return this;
	}

	/**
	 * Asserts how many usage events were billed to the customer, of every product.
	 * @param count the expected number
	 * @return this
	 */
	public CustomerBillingAssert hasUsageCount(long count) {
		isNotNull();
		if (this.actual.usageCount() != count) {
			failWithMessage("Expected <%s> usage events billed to customer <%s> but there were <%s>", count,
					this.actual.customer(), this.actual.usageCount());
		}
		return this;
	}

	/**
	 * Asserts how many usage events of a product were billed to the customer.
	 * @param product the product code
	 * @param count the expected number
	 * @return this
	 */
	public CustomerBillingAssert hasUsageCount(String product, long count) {
		isNotNull();
		long actualCount = this.actual.usageCount(product);
		if (actualCount != count) {
			failWithMessage("Expected <%s> %s usage events billed to customer <%s> but there were <%s>", count,
					product, this.actual.customer(), actualCount);
		}
		return this;
	}

	/**
	 * Asserts that nothing was billed to the customer.
	 * @return this
	 */
	public CustomerBillingAssert hasNoUsage() {
		return hasUsageCount(0);
	}

	/**
	 * The assertions on the customer's balance, to go on with.
	 * @return the balance assertions
	 */
	public BalanceAssert balance() {
		isNotNull();
		return new BalanceAssert(this.actual.balance());
	}

}

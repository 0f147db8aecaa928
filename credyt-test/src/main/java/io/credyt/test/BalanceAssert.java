package io.credyt.test;

import java.math.BigDecimal;

import org.assertj.core.api.AbstractAssert;

import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.Balance;
import io.credyt.money.Asset;
import io.credyt.money.Money;

/**
 * AssertJ assertions on a {@link Balance}. Amounts are compared as numbers ({@code "4.35"} equals
 * {@code 4.350000000000}); amounts without an asset are in US dollars.
 */
public class BalanceAssert extends AbstractAssert<BalanceAssert, Balance> {

	/**
	 * Assertions on a balance.
	 * @param actual the balance
	 */
	public BalanceAssert(Balance actual) {
		super(actual, BalanceAssert.class);
	}

	/**
	 * Asserts what can be spent now in US dollars ({@code posted − held}).
	 * @param amount the expected amount, e.g. {@code "4.35"}
	 * @return this
	 */
	public BalanceAssert hasAvailable(String amount) {
		return hasAvailable(Asset.USD.code(), amount);
	}

	/**
	 * Asserts what can be spent now in an asset.
	 * @param asset the asset code
	 * @param amount the expected amount
	 * @return this
	 */
	public BalanceAssert hasAvailable(String asset, String amount) {
		isNotNull();
		return hasAmount("available", asset, this.actual.available(asset), amount);
	}

	/**
	 * Asserts the posted balance in US dollars: the sum of the account's ledger entries.
	 * @param amount the expected amount
	 * @return this
	 */
	public BalanceAssert hasPosted(String amount) {
		return hasPosted(Asset.USD.code(), amount);
	}

	/**
	 * Asserts the posted balance in an asset: the sum of the account's ledger entries.
	 * @param asset the asset code
	 * @param amount the expected amount
	 * @return this
	 */
	public BalanceAssert hasPosted(String asset, String amount) {
		isNotNull();
		AccountBalance account = this.actual.accounts().get(asset);
		return hasAmount("posted", asset, (account != null) ? account.posted() : Money.zero(), amount);
	}

	/**
	 * Asserts what active holds reserve in US dollars.
	 * @param amount the expected amount
	 * @return this
	 */
	public BalanceAssert hasHeld(String amount) {
		return hasHeld(Asset.USD.code(), amount);
	}

	/**
	 * Asserts what active holds reserve in an asset.
	 * @param asset the asset code
	 * @param amount the expected amount
	 * @return this
	 */
	public BalanceAssert hasHeld(String asset, String amount) {
		isNotNull();
		AccountBalance account = this.actual.accounts().get(asset);
		return hasAmount("held", asset, (account != null) ? account.held() : Money.zero(), amount);
	}

	/**
	 * Asserts that no active hold reserves anything, in any asset.
	 * @return this
	 */
	public BalanceAssert hasNothingHeld() {
		isNotNull();
		for (AccountBalance account : this.actual.accounts().values()) {
			if (account.held().signum() != 0) {
				failWithMessage("Expected nothing held for customer <%s> but <%s> %s was held",
						this.actual.customer(), plain(account.held()), account.asset());
			}
		}
		return this;
	}

	/**
	 * Asserts the units of a product left in the customer's free allowances.
	 * @param product the product code
	 * @param units the expected units
	 * @return this
	 */
	public BalanceAssert hasFreeUnits(String product, long units) {
		isNotNull();
		BigDecimal left = this.actual.entitled(product);
		if (left.compareTo(BigDecimal.valueOf(units)) != 0) {
			failWithMessage("Expected <%s> free %s units left for customer <%s> but there were <%s>", units, product,
					this.actual.customer(), plain(left));
		}
		return this;
	}

	private BalanceAssert hasAmount(String what, String asset, BigDecimal actualAmount, String expected) {
		BigDecimal amount = new BigDecimal(expected);
		if (actualAmount.compareTo(amount) != 0) {
			failWithMessage("Expected the %s %s balance of customer <%s> to be <%s> but was <%s>", what, asset,
					this.actual.customer(), expected, plain(actualAmount));
		}
		return this;
	}

	static String plain(BigDecimal amount) {
		BigDecimal stripped = amount.stripTrailingZeros();
		return ((stripped.scale() < 0) ? stripped.setScale(0) : stripped).toPlainString();
	}

}

package io.credyt.autoconfigure.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.Balance;
import io.credyt.money.Money;

/**
 * The signed-in customer's balance, ready for a view: {@code ${credyt.balance}} is "$4.50",
 * {@code ${credyt.leftText('image')}} is "18 images left", {@code ${credyt.freeText('image')}} is
 * "10 free images". Balances are rounded down for display ({@link Money#BALANCE_DISPLAY}), so a
 * view never promises money that is not there. When no one is signed in, {@link #isSignedIn()} is
 * false and every amount is zero.
 */
public final class BalanceView {

	private final @Nullable Balance balance;

	private final Catalog catalog;

	private final String displayAsset;

	private final String manageBillingUrl;

	public BalanceView(@Nullable Balance balance, Catalog catalog, String displayAsset, String manageBillingUrl) {
		this.balance = balance;
		this.catalog = catalog;
		this.displayAsset = displayAsset;
		this.manageBillingUrl = manageBillingUrl;
	}

	/** @return whether there is a customer to show */
	public boolean isSignedIn() {
		return this.balance != null;
	}

	/** @return the customer's external id, or {@code null} */
	public @Nullable String getCustomer() {
		return (this.balance != null) ? this.balance.customer() : null;
	}

	/** @return the available balance in the display asset, formatted: "$4.50" */
	public String getBalance() {
		return format(this.displayAsset);
	}

	/** @return every asset the customer holds, formatted, by asset code */
	public Map<String, String> getMoney() {
		Map<String, String> money = new LinkedHashMap<>();
		money.put(this.displayAsset, format(this.displayAsset));
		if (this.balance != null) {
			for (AccountBalance account : this.balance.accounts().values()) {
				money.put(account.asset(), format(account.asset()));
			}
		}
		return money;
	}

	/**
	 * What can be spent in an asset now.
	 * @param asset the asset code
	 * @return the available amount, unrounded
	 */
	public BigDecimal available(String asset) {
		return (this.balance != null) ? this.balance.available(asset) : Money.zero();
	}

	/**
	 * The available balance in an asset, formatted and rounded down.
	 * @param asset the asset code
	 * @return e.g. "$4.50" or "450 credits"
	 */
	public String format(String asset) {
		return this.catalog.asset(asset).format(available(asset), Money.BALANCE_DISPLAY);
	}

	/**
	 * Units of a product left in the customer's entitlements, whole units.
	 * @param product the product code
	 * @return the free units left
	 */
	public long free(String product) {
		if (this.balance == null) {
			return 0;
		}
		return this.balance.entitled(product).setScale(0, RoundingMode.FLOOR).longValueExact();
	}

	/**
	 * @param product the product code
	 * @return e.g. "10 free images" or "1 free image"
	 */
	public String freeText(String product) {
		return units(product, free(product), "free ", "");
	}

	/**
	 * Units of a product the customer can still get: free units, then what the available balance
	 * buys at the product's default price.
	 * @param product the product code
	 * @return the units left
	 */
	public long left(String product) {
		Product definition = this.catalog.product(product);
		BigDecimal price = definition.quote(Map.of(), BigDecimal.ONE).fee();
		long bought = 0;
		BigDecimal available = available(definition.asset());
		if (price.signum() > 0 && available.signum() > 0) {
			bought = available.divide(price, 0, RoundingMode.FLOOR).longValue();
		}
		return free(product) + bought;
	}

	/**
	 * @param product the product code
	 * @return e.g. "18 images left" or "1 image left"
	 */
	public String leftText(String product) {
		return units(product, left(product), "", " left");
	}

	/** @return whether the customer cannot afford one unit of any product */
	public boolean isBlocked() {
		return this.balance != null && this.catalog.products().stream().allMatch((product) -> left(product.code()) == 0);
	}

	/** @return where "Manage billing" goes */
	public String getManageBillingUrl() {
		return this.manageBillingUrl;
	}

	private String units(String product, long count, String before, String after) {
		Product definition = this.catalog.product(product);
		return count + " " + before + ((count == 1) ? definition.unit() : definition.unitPlural()) + after;
	}

}

package io.credyt.ledger;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.credyt.money.Money;

/**
 * A customer's wallet at one moment: its accounts and its entitlements.
 *
 * @param customer the customer's external id
 * @param accounts the accounts by asset code
 * @param entitlements the entitlements, current periods only
 */
public record Balance(String customer, Map<String, AccountBalance> accounts, List<Entitlement> entitlements) {

	public Balance {
		accounts = Map.copyOf(accounts);
		entitlements = List.copyOf(entitlements);
	}

	/**
	 * What can be spent in an asset now; zero when there is no account.
	 * @param asset the asset code
	 * @return the available amount
	 */
	public BigDecimal available(String asset) {
		AccountBalance account = this.accounts.get(asset);
		return (account != null) ? account.available() : Money.zero();
	}

	/**
	 * The units of a product left in the customer's entitlements.
	 * @param product the product code
	 * @return the units left
	 */
	public BigDecimal entitled(String product) {
		return this.entitlements.stream()
			.filter((entitlement) -> entitlement.product().equals(product))
			.map(Entitlement::remaining)
			.reduce(Money.zero(), BigDecimal::add);
	}

}

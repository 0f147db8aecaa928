package io.credyt.autoconfigure.web.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The signed-in customer's balance, as {@code GET <api-path>/balance} answers it.
 *
 * @param customer the customer's external id
 * @param display the available balance in the display asset, rounded down: {@code "$4.50"}
 * @param assets every asset the customer holds (the display asset first)
 * @param products what is left of every product the catalog sells, at the customer's plan's prices
 * @param plan the customer's plan, or {@code null} without an active or past-due subscription
 */
public record ApiBalance(String customer, String display, List<ApiAssetBalance> assets,
		List<ApiProductBalance> products, @Nullable ApiPlan plan) {

	public ApiBalance {
		assets = List.copyOf(assets);
		products = List.copyOf(products);
	}

}

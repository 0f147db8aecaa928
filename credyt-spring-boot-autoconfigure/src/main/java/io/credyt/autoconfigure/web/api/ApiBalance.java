package io.credyt.autoconfigure.web.api;

import java.util.List;

/**
 * The signed-in customer's balance, as {@code GET <api-path>/balance} answers it.
 *
 * @param customer the customer's external id
 * @param display the available balance in the display asset, rounded down: {@code "$4.50"}
 * @param assets every asset the customer holds (the display asset first)
 * @param products what is left of every product the catalog sells
 */
public record ApiBalance(String customer, String display, List<ApiAssetBalance> assets,
		List<ApiProductBalance> products) {

	public ApiBalance {
		assets = List.copyOf(assets);
		products = List.copyOf(products);
	}

}

package io.credyt.benchmarks.contestant;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;

/**
 * What the ledger contestants bill: one product, {@code op}, at {@link Wallets#PRICE} a call.
 */
public final class BenchmarkCatalog {

	/** The product code every billed operation uses. */
	public static final String PRODUCT = "op";

	private static final Catalog CATALOG = Catalog.builder()
		.product(Product.builder(PRODUCT).unit("operation", "operations").price(Wallets.PRICE.toPlainString()).build())
		.build();

	private BenchmarkCatalog() {
	}

	public static Catalog catalog() {
		return CATALOG;
	}

}

package io.credyt.benchmarks.contestant;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.credyt.catalog.BillingInterval;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.PriceRule;
import io.credyt.catalog.Product;
import io.credyt.catalog.SubscriptionPlan;

/**
 * What the ledger contestants bill: one product, {@code op}, at {@link Wallets#PRICE} a call. Run
 * with {@code -Dcredyt.benchmarks.plans=true}, the catalog also declares a plan that prices
 * {@code op} (which no wallet subscribes to), so every batch reads its customers' plans as an
 * application with plans does.
 */
public final class BenchmarkCatalog {

	/** The product code every billed operation uses. */
	public static final String PRODUCT = "op";

	/** The system property that adds a plan to the catalog. */
	public static final String PLANS_PROPERTY = "credyt.benchmarks.plans";

	private static final Catalog CATALOG = catalog(Boolean.getBoolean(PLANS_PROPERTY));

	private static Catalog catalog(boolean withPlan) {
		Catalog.Builder builder = Catalog.builder()
			.product(Product.builder(PRODUCT).unit("operation", "operations").price(Wallets.PRICE.toPlainString()).build());
		if (withPlan) {
			builder.plan(new SubscriptionPlan("pro", "Pro", new BigDecimal("20.00"), "USD", BillingInterval.MONTH,
					Map.of(PRODUCT, new BigDecimal("200")),
					Map.of(PRODUCT, List.of(new PriceRule(Map.of(), new BigDecimal("0.005"), null)))));
		}
		return builder.build();
	}

	private BenchmarkCatalog() {
	}

	public static Catalog catalog() {
		return CATALOG;
	}

}

package io.credyt.testing;

import java.math.BigDecimal;
import java.util.Map;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.money.Asset;

/**
 * The catalog the ledger tests bill with:
 * <ul>
 * <li>{@code image} (image/images, USD): $0.25, {@code quality=hd} $0.40, vendor cost $0.20;
 * dimension {@code quality} in {@code standard, hd};</li>
 * <li>{@code token}: $0.000003 per token ($3 per million);</li>
 * <li>{@code render}: 5 {@code credits} each, where one credit is worth $0.01;</li>
 * <li>the asset {@code triple}, worth $3 a unit, for conversions that do not terminate.</li>
 * </ul>
 */
public final class TestCatalog {

	public static final String USD = "USD";

	public static final String CREDITS = "credits";

	public static final String TRIPLE = "triple";

	public static final String IMAGE = "image";

	public static final String TOKEN = "token";

	public static final String RENDER = "render";

	public static final Map<String, String> HD = Map.of("quality", "hd");

	public static final Map<String, String> STANDARD = Map.of("quality", "standard");

	private static final Catalog CATALOG = Catalog.builder()
		.asset(Asset.custom(CREDITS, "credits", 0, new BigDecimal("0.01")))
		.asset(Asset.custom(TRIPLE, "triple", 2, new BigDecimal("3")))
		.product(Product.builder(IMAGE)
			.unit("image", "images")
			.dimension("quality", "standard", "hd")
			.price("0.25")
			.price(HD, "0.40")
			.vendorCost("0.20")
			.vendor("replicate")
			.build())
		.product(Product.builder(TOKEN).unit("token", "tokens").price("0.000003").vendor("openai").build())
		.product(Product.builder(RENDER).unit("render", "renders").asset(CREDITS).price("5").build())
		.build();

	private TestCatalog() {
	}

	public static Catalog catalog() {
		return CATALOG;
	}

}

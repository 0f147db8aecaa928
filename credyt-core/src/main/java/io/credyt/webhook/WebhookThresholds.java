package io.credyt.webhook;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.money.Money;

/**
 * The available balances below which {@code balance.low} fires, per asset: an amount ("below
 * $5.00"), or a number of a product's units at its default price ("fewer than 10 images left").
 */
public final class WebhookThresholds {

	private final Map<String, List<Threshold>> byAsset;

	private WebhookThresholds(Map<String, List<Threshold>> byAsset) {
		this.byAsset = byAsset;
	}

	/**
	 * No thresholds: {@code balance.low} never fires.
	 * @return the thresholds
	 */
	public static WebhookThresholds none() {
		return new WebhookThresholds(Map.of());
	}

	/**
	 * Thresholds from amounts per asset and units per product.
	 * @param catalog the assets and products
	 * @param amounts per asset code, the amount
	 * @param units per product code, the units left
	 * @return the thresholds
	 */
	public static WebhookThresholds of(Catalog catalog, Map<String, BigDecimal> amounts, Map<String, Long> units) {
		Map<String, List<Threshold>> byAsset = new java.util.HashMap<>();
		amounts.forEach((asset, amount) -> {
			catalog.asset(asset);
			byAsset.computeIfAbsent(asset, (a) -> new ArrayList<>())
				.add(new Threshold(Money.positive(amount, "amount"), null, null));
		});
		units.forEach((code, count) -> {
			Product product = catalog.product(code);
			if (count == null || count < 1) {
				throw new InvalidRequestException("units", "must be at least 1");
			}
			BigDecimal fee = product.quote(Map.of(), BigDecimal.valueOf(count)).fee();
			byAsset.computeIfAbsent(product.asset(), (a) -> new ArrayList<>()).add(new Threshold(fee, code, count));
		});
		return new WebhookThresholds(Map.copyOf(byAsset));
	}

	List<Threshold> of(String asset) {
		return this.byAsset.getOrDefault(asset, List.of());
	}

	/** One threshold: an amount, and the product and units it stands for when it was given so. */
	record Threshold(BigDecimal amount, @Nullable String product, @Nullable Long units) {
	}

}

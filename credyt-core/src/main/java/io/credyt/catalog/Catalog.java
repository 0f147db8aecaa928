package io.credyt.catalog;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import io.credyt.InvalidRequestException;
import io.credyt.money.Asset;

/**
 * The assets and products the application declares. Immutable; {@code USD} is always present.
 */
public final class Catalog {

	private final Map<String, Asset> assets;

	private final Map<String, Product> products;

	private Catalog(Map<String, Asset> assets, Map<String, Product> products) {
		this.assets = Map.copyOf(assets);
		this.products = Map.copyOf(products);
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The product with the given code.
	 * @param code the product code
	 * @return the product
	 * @throws UnknownProductException if none is declared
	 */
	public Product product(String code) {
		if (code == null) {
			throw new InvalidRequestException("product", "is required");
		}
		Product product = this.products.get(code);
		if (product == null) {
			throw new UnknownProductException(code);
		}
		return product;
	}

	/**
	 * The asset with the given code.
	 * @param code the asset code
	 * @return the asset
	 * @throws UnknownAssetException if none is declared
	 */
	public Asset asset(String code) {
		if (code == null) {
			throw new InvalidRequestException("asset", "is required");
		}
		Asset asset = this.assets.get(code);
		if (asset == null) {
			throw new UnknownAssetException(code);
		}
		return asset;
	}

	public Collection<Product> products() {
		return this.products.values();
	}

	public Collection<Asset> assets() {
		return this.assets.values();
	}

	/**
	 * Prices a usage.
	 * @param product the product code
	 * @param dimensions the dimension values
	 * @param quantity the quantity
	 * @return the quote
	 */
	public Quote quote(String product, Map<String, String> dimensions, BigDecimal quantity) {
		return product(product).quote(dimensions, quantity);
	}

	/** Builds a {@link Catalog}. */
	public static final class Builder {

		private final Map<String, Asset> assets = new LinkedHashMap<>();

		private final Map<String, Product> products = new LinkedHashMap<>();

		private Builder() {
			this.assets.put(Asset.USD.code(), Asset.USD);
		}

		public Builder asset(Asset asset) {
			this.assets.put(asset.code(), asset);
			return this;
		}

		public Builder product(Product product) {
			this.products.put(product.code(), product);
			return this;
		}

		public Catalog build() {
			for (Product product : this.products.values()) {
				if (!this.assets.containsKey(product.asset())) {
					throw new UnknownAssetException(product.asset());
				}
			}
			return new Catalog(this.assets, this.products);
		}

	}

}

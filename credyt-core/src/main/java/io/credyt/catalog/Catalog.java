package io.credyt.catalog;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.credyt.InvalidRequestException;
import io.credyt.money.Asset;

/**
 * The assets and products the application declares. Immutable; {@code USD} is always present.
 */
public final class Catalog {

	private final Map<String, Asset> assets;

	private final Map<String, Product> products;

	private final Map<String, SubscriptionPlan> plans;

	/** Each plan's products as its subscribers pay for them, by plan and product code. */
	private final Map<String, Map<String, Product>> planPricing;

	private Catalog(Map<String, Asset> assets, Map<String, Product> products, Map<String, SubscriptionPlan> plans) {
		this.assets = Map.copyOf(assets);
		this.products = Map.copyOf(products);
		this.plans = Collections.unmodifiableMap(new LinkedHashMap<>(plans));
		Map<String, Map<String, Product>> pricing = new LinkedHashMap<>();
		for (SubscriptionPlan plan : plans.values()) {
			Map<String, Product> priced = new LinkedHashMap<>();
			for (String product : plan.prices().keySet()) {
				priced.put(product, plan.pricing(this.products.get(product)));
			}
			pricing.put(plan.code(), Map.copyOf(priced));
		}
		this.planPricing = Map.copyOf(pricing);
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
	 * The plans customers may subscribe to, in declared order.
	 * @return the plans
	 */
	public Collection<SubscriptionPlan> plans() {
		return this.plans.values();
	}

	/**
	 * The plan with the given code, if it is declared (a subscription may outlive its plan's
	 * declaration).
	 * @param code the plan code, or {@code null}
	 * @return the plan, empty if none is declared under that code
	 */
	public Optional<SubscriptionPlan> findPlan(@Nullable String code) {
		return Optional.ofNullable((code != null) ? this.plans.get(code) : null);
	}

	/**
	 * Whether any plan changes a product's price for its subscribers.
	 * @return whether prices depend on the customer's plan
	 */
	public boolean plansPrice() {
		return this.planPricing.values().stream().anyMatch((pricing) -> !pricing.isEmpty());
	}

	/**
	 * The plan with the given code.
	 * @param code the plan code
	 * @return the plan
	 * @throws UnknownPlanException if none is declared
	 */
	public SubscriptionPlan plan(String code) {
		if (code == null || code.isBlank()) {
			throw new InvalidRequestException("plan", "is required");
		}
		SubscriptionPlan plan = this.plans.get(code);
		if (plan == null) {
			throw new UnknownPlanException(code);
		}
		return plan;
	}

	/**
	 * A product as a customer on a plan pays for it.
	 * @param product the product
	 * @param plan the customer's plan code, or {@code null} for none
	 * @return the plan's pricing of the product, or the product itself
	 */
	public Product pricing(Product product, @Nullable String plan) {
		if (plan == null) {
			return product;
		}
		Map<String, Product> pricing = this.planPricing.get(plan);
		Product priced = (pricing != null) ? pricing.get(product.code()) : null;
		return (priced != null) ? priced : product;
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

		private final Map<String, SubscriptionPlan> plans = new LinkedHashMap<>();

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

		public Builder plan(SubscriptionPlan plan) {
			this.plans.put(plan.code(), plan);
			return this;
		}

		/**
		 * Builds the catalog, checking that every product's asset is declared and that every plan
		 * names declared products, a declared currency and prices its products accept.
		 * @return the catalog
		 */
		public Catalog build() {
			for (Product product : this.products.values()) {
				if (!this.assets.containsKey(product.asset())) {
					throw new UnknownAssetException(product.asset());
				}
			}
			for (SubscriptionPlan plan : this.plans.values()) {
				if (!this.assets.containsKey(plan.currency())) {
					throw new UnknownAssetException(plan.currency());
				}
				for (String product : plan.entitlements().keySet()) {
					if (!this.products.containsKey(product)) {
						throw new InvalidRequestException("plan." + plan.code() + ".entitlements." + product,
								"names a product the catalog does not declare " + this.products.keySet());
					}
				}
				for (String product : plan.prices().keySet()) {
					Product declared = this.products.get(product);
					if (declared == null) {
						throw new InvalidRequestException("plan." + plan.code() + ".prices." + product,
								"names a product the catalog does not declare " + this.products.keySet());
					}
					// the product's own checks, on the plan's rules
					plan.pricing(declared);
				}
			}
			return new Catalog(this.assets, this.products, this.plans);
		}

	}

}

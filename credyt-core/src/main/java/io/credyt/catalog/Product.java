package io.credyt.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.credyt.InvalidRequestException;
import io.credyt.money.Asset;
import io.credyt.money.Money;

/**
 * A billable thing, e.g. {@code image}: its unit, the asset it is priced in, its prices (per
 * dimension value where they differ), optionally a package size and its vendor cost.
 *
 * @param code the product code used in {@code @Billable(product = …)} and usage events
 * @param unit the unit's singular label, e.g. {@code image}
 * @param unitPlural the unit's plural label, e.g. {@code images}
 * @param asset the asset code prices are in, {@code USD} by default
 * @param dimensions the dimension names the usage may carry, each with its allowed values (an
 * empty set allows any value)
 * @param prices the price rules, most specific match wins
 * @param packageSize when set, a price is per started package of that many units (Stripe's
 * "package" pricing: 1,500 tokens at $1 per 1,000 cost $2)
 * @param vendorCost what one unit costs the operator, in the base currency, unless a price rule
 * says otherwise; {@code null} when unknown
 * @param vendor who the operator buys the work from, e.g. {@code replicate}, to group costs by;
 * {@code null} when not said
 */
public record Product(String code, String unit, String unitPlural, String asset, Map<String, Set<String>> dimensions,
		List<PriceRule> prices, @Nullable BigDecimal packageSize, @Nullable BigDecimal vendorCost,
		@Nullable String vendor) {

	/** What a vendor's name may be: 1 to 64 letters, digits, '_', '.' or '-'. */
	public static final String VENDOR_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

	/** The largest quantity one usage event may carry. */
	public static final BigDecimal MAX_QUANTITY = Money.MAX_QUANTITY;

	public Product {
		if (code == null || !code.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")) {
			throw new InvalidRequestException("product.code",
					"must be 1 to 64 letters, digits, '_', '.', ':' or '-', was '" + code + "'");
		}
		unit = (unit == null || unit.isBlank()) ? "unit" : unit;
		unitPlural = (unitPlural == null || unitPlural.isBlank()) ? unit + "s" : unitPlural;
		asset = (asset == null || asset.isBlank()) ? Asset.USD.code() : asset;
		// kept in declared order, so that messages listing them read the same every time
		Map<String, Set<String>> dims = new LinkedHashMap<>();
		dimensions.forEach((name, values) -> dims.put(name,
				Collections.unmodifiableSet(new LinkedHashSet<>(List.copyOf(values)))));
		dimensions = Collections.unmodifiableMap(dims);
		prices = List.copyOf(prices);
		if (prices.isEmpty()) {
			throw new InvalidRequestException("product." + code + ".price", "a product needs at least one price");
		}
		for (PriceRule rule : prices) {
			for (Map.Entry<String, String> condition : rule.when().entrySet()) {
				Set<String> allowed = dimensions.get(condition.getKey());
				if (allowed == null) {
					throw new InvalidDimensionException(code, condition.getKey(), null,
							"a price names a dimension the product does not declare " + dimensions.keySet());
				}
				if (!PriceRule.ANY.equals(condition.getValue()) && !allowed.isEmpty()
						&& !allowed.contains(condition.getValue())) {
					throw new InvalidDimensionException(code, condition.getKey(), condition.getValue(),
							"a price names a value outside the declared ones " + allowed);
				}
			}
		}
		if (packageSize != null) {
			packageSize = Money.positive(packageSize, "product." + code + ".packageSize");
		}
		if (vendorCost != null) {
			vendorCost = Money.exact(vendorCost, "product." + code + ".vendorCost");
		}
		if (vendor != null && !vendor.matches(VENDOR_PATTERN)) {
			throw new InvalidRequestException("product." + code + ".vendor",
					"must be 1 to 64 letters, digits, '_', '.' or '-'");
		}
	}

	/**
	 * Starts a product definition.
	 * @param code the product code
	 * @return a builder
	 */
	public static Builder builder(String code) {
		return new Builder(code);
	}

	/**
	 * Prices usage of this product.
	 * @param dimensions the usage's dimension values
	 * @param quantity how many units, positive
	 * @return the quote
	 * @throws InvalidDimensionException if a dimension is unknown or its value not allowed, or no
	 * price applies
	 * @throws InvalidRequestException if the quantity is unfit
	 */
	public Quote quote(Map<String, String> dimensions, BigDecimal quantity) {
		BigDecimal units = validQuantity(quantity);
		Map<String, String> dims = validDimensions(dimensions);
		PriceRule rule = rule(dims);
		BigDecimal fee;
		if (this.packageSize != null) {
			BigDecimal packages = units.divide(this.packageSize, 0, RoundingMode.CEILING);
			fee = Money.round(rule.unitPrice().multiply(packages));
		}
		else {
			fee = Money.round(rule.unitPrice().multiply(units));
		}
		if (fee.compareTo(Money.MAX_AMOUNT) >= 0) {
			throw new InvalidRequestException("quantity", "the fee of " + units.toPlainString() + " "
					+ this.unitPlural + " exceeds the largest amount the ledger holds");
		}
		BigDecimal unitCost = (rule.unitCost() != null) ? rule.unitCost() : this.vendorCost;
		BigDecimal cost = (unitCost != null) ? Money.round(unitCost.multiply(units)) : Money.zero();
		return new Quote(this.code, this.asset, dims, units, rule.unitPrice(), fee, cost);
	}

	/**
	 * Checks a dimension map against the declared dimensions.
	 * @param dimensions dimension values
	 * @return an ordered, immutable copy
	 */
	public Map<String, String> validDimensions(Map<String, String> dimensions) {
		if (dimensions == null) {
			return Map.of();
		}
		Map<String, String> sorted = new java.util.TreeMap<>();
		for (Map.Entry<String, String> entry : dimensions.entrySet()) {
			String name = entry.getKey();
			String value = entry.getValue();
			Set<String> allowed = this.dimensions.get(name);
			if (allowed == null) {
				throw new InvalidDimensionException(this.code, Money.echo(name),
						(value != null) ? Money.echo(value) : null,
						"unknown dimension; declared: " + this.dimensions.keySet());
			}
			if (value == null || value.isBlank()) {
				throw new InvalidDimensionException(this.code, name, value, "a dimension value must not be blank");
			}
			if (value.length() > 128) {
				throw new InvalidDimensionException(this.code, name, Money.echo(value),
						"a dimension value is at most 128 characters");
			}
			if (!allowed.isEmpty() && !allowed.contains(value)) {
				throw new InvalidDimensionException(this.code, name, value, "allowed values: " + allowed);
			}
			sorted.put(name, value);
		}
		return java.util.Collections.unmodifiableMap(sorted);
	}

	private PriceRule rule(Map<String, String> dims) {
		PriceRule best = null;
		int bestScore = -1;
		for (PriceRule rule : this.prices) {
			int score = rule.match(dims);
			if (score > bestScore) {
				best = rule;
				bestScore = score;
			}
		}
		if (best == null) {
			String first = dims.isEmpty() ? "(none)" : dims.keySet().iterator().next();
			throw new InvalidDimensionException(this.code, first, dims.isEmpty() ? null : dims.get(first),
					"no price applies to dimensions " + dims);
		}
		return best;
	}

	private static BigDecimal validQuantity(@Nullable BigDecimal quantity) {
		BigDecimal checked = Money.quantity(quantity, "quantity");
		if (checked.signum() <= 0) {
			throw new InvalidRequestException("quantity", "must be positive, was " + checked.toPlainString());
		}
		return checked.setScale(Money.SCALE, RoundingMode.UNNECESSARY);
	}

	/** Builds a {@link Product}. */
	public static final class Builder {

		private final String code;

		private String unit = "unit";

		private @Nullable String unitPlural;

		private String asset = Asset.USD.code();

		private final Map<String, Set<String>> dimensions = new LinkedHashMap<>();

		private final List<PriceRule> prices = new ArrayList<>();

		private @Nullable BigDecimal packageSize;

		private @Nullable BigDecimal vendorCost;

		private @Nullable String vendor;

		private Builder(String code) {
			this.code = code;
		}

		public Builder unit(String singular, String plural) {
			this.unit = singular;
			this.unitPlural = plural;
			return this;
		}

		public Builder asset(String asset) {
			this.asset = asset;
			return this;
		}

		/**
		 * Declares a dimension; with no values, any value is allowed.
		 * @param name the dimension's name
		 * @param values its allowed values
		 * @return this builder
		 */
		public Builder dimension(String name, String... values) {
			this.dimensions.computeIfAbsent(name, (key) -> new LinkedHashSet<>()).addAll(List.of(values));
			return this;
		}

		/**
		 * The default price, for usage no more specific rule matches.
		 * @param unitPrice the price of one unit
		 * @return this builder
		 */
		public Builder price(String unitPrice) {
			return price(Map.of(), unitPrice, null);
		}

		public Builder price(Map<String, String> when, String unitPrice) {
			return price(when, unitPrice, null);
		}

		public Builder price(Map<String, String> when, String unitPrice, @Nullable String unitCost) {
			this.prices.add(new PriceRule(when, new BigDecimal(unitPrice),
					(unitCost != null) ? new BigDecimal(unitCost) : null));
			return this;
		}

		public Builder price(PriceRule rule) {
			this.prices.add(rule);
			return this;
		}

		public Builder packageSize(String units) {
			this.packageSize = new BigDecimal(units);
			return this;
		}

		public Builder vendorCost(String unitCost) {
			this.vendorCost = new BigDecimal(unitCost);
			return this;
		}

		public Builder vendor(@Nullable String name) {
			this.vendor = name;
			return this;
		}

		public Product build() {
			return new Product(this.code, this.unit, (this.unitPlural != null) ? this.unitPlural : this.unit + "s",
					this.asset, this.dimensions, this.prices, this.packageSize, this.vendorCost, this.vendor);
		}

	}

}

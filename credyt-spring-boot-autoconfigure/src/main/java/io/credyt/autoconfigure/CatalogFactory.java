package io.credyt.autoconfigure;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.credyt.CredytException;
import io.credyt.InvalidRequestException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.InvalidDimensionException;
import io.credyt.catalog.PriceRule;
import io.credyt.catalog.Product;
import io.credyt.money.Asset;

/**
 * Builds the {@link Catalog} that {@code credyt.assets}, {@code credyt.products} and
 * {@code credyt.plans} declare, and turns every mistake in them into an
 * {@link InvalidConfigurationPropertyValueException} that names the property, so that a bad
 * configuration fails the start-up with a clear message.
 */
final class CatalogFactory {

	/** Above this many combinations of dimension values, price coverage is not checked. */
	private static final int MAX_CHECKED_COMBINATIONS = 4096;

	/** Stands for "some value no price names" of a dimension that allows any value. */
	private static final String OTHER_VALUE = "(any other value)";

	private CatalogFactory() {
	}

	static Catalog create(CredytProperties properties) {
		Catalog.Builder catalog = Catalog.builder();
		Map<String, Asset> assets = new LinkedHashMap<>();
		assets.put(Asset.USD.code(), Asset.USD);
		properties.getAssets().forEach((code, asset) -> {
			Asset built = asset(code, asset);
			catalog.asset(built);
			assets.put(code, built);
		});
		Map<String, Product> products = new LinkedHashMap<>();
		properties.getProducts().forEach((code, product) -> {
			Product built = product(code, product, assets.keySet());
			catalog.product(built);
			products.put(code, built);
		});
		properties.getPlans().forEach((code, plan) -> catalog.plan(PlanFactory.plan(code, plan, assets, products)));
		try {
			return catalog.build();
		}
		catch (CredytException ex) {
			// the plans were checked one by one above: this is a guard, naming the whole section
			throw new InvalidConfigurationPropertyValueException("credyt.plans", null, ex.getMessage(), ex);
		}
	}

	private static Asset asset(String code, CredytProperties.Asset asset) {
		String name = name("credyt.assets", code);
		if (Asset.USD.is(code)) {
			throw new InvalidConfigurationPropertyValueException(name, code,
					"USD is built in; declare custom assets only");
		}
		if (asset.getRate() == null) {
			throw new InvalidConfigurationPropertyValueException(name + ".rate", null,
					"is required: the value of one " + code + " in USD, e.g. 0.01");
		}
		try {
			return new Asset(code, asset.getLabel(), asset.getSymbol(), asset.getPrecision(), asset.getRate());
		}
		catch (InvalidRequestException ex) {
			String property = switch (ex.field()) {
				case "asset.precision" -> name + ".precision";
				case "asset.rateToBase" -> name + ".rate";
				default -> name;
			};
			throw new InvalidConfigurationPropertyValueException(property, null, ex.getMessage(), ex);
		}
	}

	private static Product product(String code, CredytProperties.Product product, Set<String> assets) {
		String name = name("credyt.products", code);
		if (!assets.contains(product.getAsset())) {
			throw new InvalidConfigurationPropertyValueException(name + ".asset", product.getAsset(),
					"unknown asset; declared: " + assets);
		}
		List<PriceRule> rules = new ArrayList<>();
		if (product.getPrice() != null) {
			rules.add(rule(name + ".price", Map.of(), product.getPrice()));
		}
		product.getPrices().forEach((key, price) -> {
			String property = name + ".prices[" + key + "]";
			rules.add(rule(property, conditions(property, key), price));
		});
		if (rules.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(name + ".price", null,
					"product '" + code + "' has no price: set 'price' (the default unit price) or 'prices'");
		}
		Map<String, Set<String>> dimensions = product.getDimensions().isEmpty() ? derivedDimensions(rules)
				: declaredDimensions(product.getDimensions());
		Product built;
		try {
			built = new Product(code, product.getUnit(), product.getUnits(), product.getAsset(), dimensions, rules,
					product.getPackageSize(), product.getVendorCost(), product.getVendor());
		}
		catch (InvalidDimensionException ex) {
			throw new InvalidConfigurationPropertyValueException(name + ".prices", null, ex.getMessage(), ex);
		}
		catch (InvalidRequestException ex) {
			String property = (ex.field().endsWith(".packageSize")) ? name + ".package-size"
					: (ex.field().endsWith(".vendorCost")) ? name + ".vendor-cost"
					: (ex.field().endsWith(".vendor")) ? name + ".vendor" : name;
			throw new InvalidConfigurationPropertyValueException(property, null, ex.getMessage(), ex);
		}
		checkEveryCombinationIsPriced(name, built);
		return built;
	}

	private static PriceRule rule(String property, Map<String, String> when, BigDecimal price) {
		try {
			return new PriceRule(when, price, null);
		}
		catch (InvalidRequestException ex) {
			throw new InvalidConfigurationPropertyValueException(property, price, ex.getMessage(), ex);
		}
	}

	/**
	 * Parses a price key, {@code quality=hd} or {@code quality=hd,model=x}.
	 */
	static Map<String, String> conditions(String property, String key) {
		Map<String, String> conditions = new LinkedHashMap<>();
		for (String part : key.split(",")) {
			int equals = part.indexOf('=');
			String dimension = (equals > 0) ? part.substring(0, equals).trim() : "";
			String value = (equals > 0) ? part.substring(equals + 1).trim() : "";
			if (dimension.isEmpty() || value.isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(property, key,
						"a price key is dimension=value, or several joined by ','; in YAML and properties files "
								+ "the key must be bracketed to keep its '=': \"[quality=hd]\" (unbracketed, "
								+ "Spring Boot drops the '=' and 'quality=hd' arrives as 'qualityhd')");
			}
			if (conditions.put(dimension, value) != null) {
				throw new InvalidConfigurationPropertyValueException(property, key,
						"names dimension '" + dimension + "' twice");
			}
		}
		return conditions;
	}

	private static Map<String, Set<String>> declaredDimensions(Map<String, List<String>> declared) {
		Map<String, Set<String>> dimensions = new LinkedHashMap<>();
		declared.forEach((dimension, values) -> dimensions.put(dimension,
				values.contains(PriceRule.ANY) ? Set.of() : new LinkedHashSet<>(values)));
		return dimensions;
	}

	/**
	 * The dimensions the price keys name, each allowing the values they name, or any value when
	 * one of them is {@code *}.
	 */
	private static Map<String, Set<String>> derivedDimensions(List<PriceRule> rules) {
		Map<String, Set<String>> dimensions = new LinkedHashMap<>();
		Set<String> anyValue = new LinkedHashSet<>();
		for (PriceRule rule : rules) {
			rule.when().forEach((dimension, value) -> {
				Set<String> values = dimensions.computeIfAbsent(dimension, (key) -> new LinkedHashSet<>());
				if (PriceRule.ANY.equals(value)) {
					anyValue.add(dimension);
				}
				else {
					values.add(value);
				}
			});
		}
		anyValue.forEach((dimension) -> dimensions.put(dimension, Set.of()));
		return dimensions;
	}

	/**
	 * Fails when some combination of allowed dimension values has no price: the first such usage
	 * would otherwise fail at run time.
	 */
	private static void checkEveryCombinationIsPriced(String name, Product product) {
		List<Map<String, String>> combinations = new ArrayList<>();
		combinations.add(Map.of());
		for (Map.Entry<String, Set<String>> dimension : product.dimensions().entrySet()) {
			Set<String> values = dimension.getValue().isEmpty() ? Set.of(OTHER_VALUE) : dimension.getValue();
			if (combinations.size() * values.size() > MAX_CHECKED_COMBINATIONS) {
				return;
			}
			List<Map<String, String>> extended = new ArrayList<>();
			for (Map<String, String> combination : combinations) {
				for (String value : values) {
					Map<String, String> next = new LinkedHashMap<>(combination);
					next.put(dimension.getKey(), value);
					extended.add(next);
				}
			}
			combinations = extended;
		}
		for (Map<String, String> combination : combinations) {
			try {
				product.quote(combination, BigDecimal.ONE);
			}
			catch (InvalidDimensionException ex) {
				throw new InvalidConfigurationPropertyValueException(name + ".prices", null,
						"no price applies to " + describe(combination) + "; set a default 'price', a '*' entry, "
								+ "or a price for it");
			}
		}
	}

	static String describe(Map<String, String> combination) {
		List<String> parts = new ArrayList<>();
		combination.forEach((dimension, value) -> parts.add(dimension + "=" + value));
		return String.join(",", parts);
	}

	/**
	 * A map entry's property name: {@code credyt.products.image}, or bracketed when the key is not
	 * a plain name.
	 */
	static String name(String prefix, String key) {
		return key.matches("[A-Za-z0-9-]+") ? prefix + "." + key : prefix + "[" + key + "]";
	}

}

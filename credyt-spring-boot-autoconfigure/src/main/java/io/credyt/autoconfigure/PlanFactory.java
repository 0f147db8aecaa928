package io.credyt.autoconfigure;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.BillingInterval;
import io.credyt.catalog.PriceRule;
import io.credyt.catalog.Product;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.money.Asset;
import io.credyt.money.Money;

/**
 * Builds one {@link SubscriptionPlan} from {@code credyt.plans.<code>}, checking it against the
 * declared assets and products first, so that every mistake fails the start-up naming its
 * property.
 * <p>
 * A key of {@code prices} is one of:
 * <ul>
 * <li>a product code, {@code image: 0.20}: that product's default price for subscribers;</li>
 * <li>dimension values in the products' own price-key syntax, {@code "[quality=hd]": 0.35}: a
 * price for every product of the plan (those its {@code entitlements} and its product keys name)
 * that declares the dimension and allows the value; at least one must;</li>
 * <li>both, {@code "[image:quality=hd]": 0.35}: a price for that product only, which need not be
 * named elsewhere in the plan. The product code is what comes before the last ':' ahead of the
 * first '='.</li>
 * </ul>
 * The plan's rules replace the products' own rules with the same conditions; the products' other
 * rules stay, so every usage a product prices, the plan prices too.
 */
final class PlanFactory {

	private PlanFactory() {
	}

	static SubscriptionPlan plan(String code, CredytProperties.Plan plan, Map<String, Asset> assets,
			Map<String, Product> products) {
		String name = CatalogFactory.name("credyt.plans", code);
		if (!code.matches(SubscriptionPlan.CODE_PATTERN)) {
			throw new InvalidConfigurationPropertyValueException(name, Money.echo(code),
					"a plan's code is 1 to 64 letters, digits, '_', '.' or '-'");
		}
		if (plan.getName() != null && plan.getName().strip().length() > 64) {
			throw new InvalidConfigurationPropertyValueException(name + ".name", Money.echo(plan.getName()),
					"a plan's name is at most 64 characters");
		}
		Asset currency = assets.get(plan.getCurrency());
		if (currency == null) {
			throw new InvalidConfigurationPropertyValueException(name + ".currency", Money.echo(plan.getCurrency()),
					"unknown asset; declared: " + assets.keySet());
		}
		BigDecimal fee = fee(name + ".fee", plan.getFee(), currency);
		BillingInterval interval = interval(name + ".interval", plan.getInterval());
		Map<String, BigDecimal> entitlements = entitlements(name, plan.getEntitlements(), products);
		Map<String, List<PriceRule>> prices = prices(name, code, plan.getPrices(), entitlements.keySet(), products);
		try {
			return new SubscriptionPlan(code, plan.getName(), fee, currency.code(), interval, entitlements, prices);
		}
		catch (InvalidRequestException ex) {
			// everything the record checks was checked above: this is a guard
			throw new InvalidConfigurationPropertyValueException(name, null, ex.getMessage(), ex);
		}
	}

	private static BigDecimal fee(String property, @Nullable BigDecimal fee, Asset currency) {
		if (fee == null) {
			throw new InvalidConfigurationPropertyValueException(property, null,
					"a plan needs a fee per interval (0 for a free plan)");
		}
		BigDecimal checked;
		try {
			checked = Money.checked(fee, "fee");
		}
		catch (InvalidRequestException ex) {
			throw new InvalidConfigurationPropertyValueException(property, Money.echo(fee), ex.getMessage(), ex);
		}
		if (checked.signum() < 0) {
			throw new InvalidConfigurationPropertyValueException(property, Money.echo(fee), "must not be negative");
		}
		if (checked.stripTrailingZeros().scale() > currency.precision()) {
			throw new InvalidConfigurationPropertyValueException(property, Money.echo(fee),
					"is finer than " + currency.code() + " shows: at most " + currency.precision()
							+ " fraction digits");
		}
		return checked;
	}

	private static BillingInterval interval(String property, @Nullable String interval) {
		String value = (interval != null) ? interval.strip().toLowerCase(Locale.ROOT) : "";
		return switch (value) {
			case "day" -> BillingInterval.DAY;
			case "week" -> BillingInterval.WEEK;
			case "month" -> BillingInterval.MONTH;
			case "year" -> BillingInterval.YEAR;
			case "once" -> throw new InvalidConfigurationPropertyValueException(property, value,
					"a plan renews every period: use day, week, month or year (one-time allowances are "
							+ "credyt.signup.entitlements)");
			default -> throw new InvalidConfigurationPropertyValueException(property, Money.echo(interval),
					"must be day, week, month or year");
		};
	}

	private static Map<String, BigDecimal> entitlements(String name, Map<String, BigDecimal> declared,
			Map<String, Product> products) {
		Map<String, BigDecimal> entitlements = new LinkedHashMap<>();
		declared.forEach((product, units) -> {
			String property = CatalogFactory.name(name + ".entitlements", product);
			if (!products.containsKey(product)) {
				throw new InvalidConfigurationPropertyValueException(property, Money.echo(product),
						"unknown product '" + Money.echo(product) + "'; declared: " + products.keySet());
			}
			BigDecimal checked;
			try {
				checked = Money.quantity(units, "units");
			}
			catch (InvalidRequestException ex) {
				throw new InvalidConfigurationPropertyValueException(property, Money.echo(units), ex.getMessage(), ex);
			}
			if (checked.signum() <= 0) {
				throw new InvalidConfigurationPropertyValueException(property, Money.echo(units),
						"the units included each period must be positive");
			}
			entitlements.put(product, checked);
		});
		return entitlements;
	}

	/**
	 * The plan's price rules per product: product keys first (they also make a product one of the
	 * plan's), then each dimension key for the products it applies to.
	 */
	private static Map<String, List<PriceRule>> prices(String name, String code, Map<String, BigDecimal> declared,
			Set<String> entitled, Map<String, Product> products) {
		Map<String, List<PriceRule>> rules = new LinkedHashMap<>();
		Set<String> planProducts = new LinkedHashSet<>(entitled);
		List<Map.Entry<String, BigDecimal>> dimensionKeys = new ArrayList<>();
		for (Map.Entry<String, BigDecimal> entry : declared.entrySet()) {
			String key = entry.getKey();
			if (key.indexOf('=') >= 0) {
				dimensionKeys.add(entry);
				continue;
			}
			String property = CatalogFactory.name(name + ".prices", key);
			if (!products.containsKey(key)) {
				throw new InvalidConfigurationPropertyValueException(property, Money.echo(entry.getValue()),
						"'" + Money.echo(key) + "' is no declared product " + products.keySet()
								+ "; a key with dimension values is bracketed to keep its '=': \"[quality=hd]\"");
			}
			add(rules, property, key, rule(property, Map.of(), entry.getValue()));
			planProducts.add(key);
		}
		for (Map.Entry<String, BigDecimal> entry : dimensionKeys) {
			String key = entry.getKey();
			String property = name + ".prices[" + key + "]";
			int colon = key.substring(0, key.indexOf('=')).lastIndexOf(':');
			if (colon >= 0) {
				String product = key.substring(0, colon);
				Map<String, String> when = CatalogFactory.conditions(property, key.substring(colon + 1));
				Product declaredProduct = products.get(product);
				if (declaredProduct == null) {
					throw new InvalidConfigurationPropertyValueException(property, Money.echo(entry.getValue()),
							"unknown product '" + Money.echo(product) + "'; declared: " + products.keySet());
				}
				String refused = refusal(declaredProduct, when);
				if (refused != null) {
					throw new InvalidConfigurationPropertyValueException(property, Money.echo(entry.getValue()), refused);
				}
				add(rules, property, product, rule(property, when, entry.getValue()));
				continue;
			}
			Map<String, String> when = CatalogFactory.conditions(property, key);
			List<String> refusals = new ArrayList<>();
			int applied = 0;
			for (String product : planProducts) {
				String refused = refusal(products.get(product), when);
				if (refused == null) {
					add(rules, property, product, rule(property, when, entry.getValue()));
					applied++;
				}
				else {
					refusals.add(refused);
				}
			}
			if (applied == 0) {
				throw new InvalidConfigurationPropertyValueException(property, Money.echo(entry.getValue()),
						planProducts.isEmpty()
								? "plan '" + code + "' has no products to price: name them under entitlements or "
										+ "prices, or write \"[product:" + key + "]\""
								: "no product of plan '" + code + "' takes " + CatalogFactory.describe(when) + ": "
										+ String.join("; ", refusals));
			}
		}
		return rules;
	}

	/** Why a product cannot take a price for these dimension values, or {@code null} when it can. */
	private static @Nullable String refusal(Product product, Map<String, String> when) {
		for (Map.Entry<String, String> condition : when.entrySet()) {
			Set<String> allowed = product.dimensions().get(condition.getKey());
			if (allowed == null) {
				return product.code() + " declares no dimension '" + Money.echo(condition.getKey()) + "' "
						+ product.dimensions().keySet();
			}
			if (!PriceRule.ANY.equals(condition.getValue()) && !allowed.isEmpty()
					&& !allowed.contains(condition.getValue())) {
				return product.code() + " allows " + condition.getKey() + " " + allowed + ", not '"
						+ Money.echo(condition.getValue()) + "'";
			}
		}
		return null;
	}

	private static PriceRule rule(String property, Map<String, String> when, BigDecimal price) {
		try {
			return new PriceRule(when, price, null);
		}
		catch (InvalidRequestException ex) {
			throw new InvalidConfigurationPropertyValueException(property, Money.echo(price), ex.getMessage(), ex);
		}
	}

	private static void add(Map<String, List<PriceRule>> rules, String property, String product, PriceRule rule) {
		List<PriceRule> own = rules.computeIfAbsent(product, (key) -> new ArrayList<>());
		if (own.stream().anyMatch((other) -> other.when().equals(rule.when()))) {
			throw new InvalidConfigurationPropertyValueException(property, Money.echo(rule.unitPrice()),
					"prices " + product + (rule.when().isEmpty() ? "" : " at " + CatalogFactory.describe(rule.when()))
							+ " a second time");
		}
		own.add(rule);
	}

}

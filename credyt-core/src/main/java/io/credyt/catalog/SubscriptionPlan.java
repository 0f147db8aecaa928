package io.credyt.catalog;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.credyt.InvalidRequestException;
import io.credyt.money.Asset;
import io.credyt.money.Money;

/**
 * A plan customers subscribe to: a recurring fee, an allowance of product units each period
 * (unused units lapse at the period's end), and prices that replace the products' own for its
 * subscribers. "Pro: $20 a month, 200 images included, then $0.20 an image."
 *
 * @param code the plan's code, e.g. {@code pro}
 * @param name what customers see, e.g. {@code Pro}
 * @param fee the fee per period, in {@code currency}; zero for a free plan
 * @param currency the currency the fee is paid in, {@code USD} by default
 * @param interval how long a period is: a day, week, month or year
 * @param entitlements units of each product included per period
 * @param prices each product's price rules for subscribers: a rule with the same conditions as one
 * of the product's replaces it, others are added; rules the plan does not name stay the product's
 */
public record SubscriptionPlan(String code, String name, BigDecimal fee, String currency, BillingInterval interval,
		Map<String, BigDecimal> entitlements, Map<String, List<PriceRule>> prices) {

	/** What a plan's code may be: 1 to 64 letters, digits, '_', '.' or '-'. */
	public static final String CODE_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

	public SubscriptionPlan {
		if (code == null || !code.matches(CODE_PATTERN)) {
			throw new InvalidRequestException("plan.code",
					"must be 1 to 64 letters, digits, '_', '.' or '-', was '" + Money.echo(String.valueOf(code)) + "'");
		}
		String field = "plan." + code;
		name = (name == null || name.isBlank()) ? Character.toUpperCase(code.charAt(0)) + code.substring(1) : name.strip();
		if (name.length() > 64) {
			throw new InvalidRequestException(field + ".name", "is at most 64 characters");
		}
		if (fee == null) {
			throw new InvalidRequestException(field + ".fee", "a plan needs a fee (0 for a free plan)");
		}
		fee = Money.exact(fee, field + ".fee");
		if (fee.signum() < 0) {
			throw new InvalidRequestException(field + ".fee", "must not be negative");
		}
		currency = (currency == null || currency.isBlank()) ? Asset.USD.code() : currency;
		if (interval == null) {
			throw new InvalidRequestException(field + ".interval", "must be day, week, month or year");
		}
		Map<String, BigDecimal> units = new LinkedHashMap<>();
		entitlements.forEach((product, count) -> {
			BigDecimal checked = Money.quantity(count, field + ".entitlements." + product);
			if (checked.signum() <= 0) {
				throw new InvalidRequestException(field + ".entitlements." + product, "must be positive");
			}
			units.put(product, checked);
		});
		entitlements = java.util.Collections.unmodifiableMap(units);
		Map<String, List<PriceRule>> rules = new LinkedHashMap<>();
		prices.forEach((product, list) -> {
			if (list == null || list.isEmpty()) {
				throw new InvalidRequestException(field + ".prices." + product, "names no price");
			}
			rules.put(product, List.copyOf(list));
		});
		prices = java.util.Collections.unmodifiableMap(rules);
	}

	/**
	 * The product as this plan's subscribers pay for it: the plan's rules in place of the product's
	 * rules with the same conditions, the others added.
	 * @param product the product
	 * @return the product priced for subscribers (the product itself when the plan names no price)
	 */
	public Product pricing(Product product) {
		List<PriceRule> own = this.prices.get(product.code());
		if (own == null) {
			return product;
		}
		List<PriceRule> merged = new java.util.ArrayList<>(own);
		for (PriceRule rule : product.prices()) {
			if (own.stream().noneMatch((mine) -> mine.when().equals(rule.when()))) {
				merged.add(rule);
			}
		}
		return new Product(product.code(), product.unit(), product.unitPlural(), product.asset(), product.dimensions(),
				merged, product.packageSize(), product.vendorCost(), product.vendor());
	}

	/**
	 * The fee as a monthly amount, for monthly recurring revenue: a yearly fee / 12, a weekly fee ×
	 * 52 / 12, a daily fee × 365 / 12.
	 * @return the monthly amount, at storage scale
	 */
	public BigDecimal monthlyFee() {
		BigDecimal twelve = BigDecimal.valueOf(12);
		return switch (this.interval) {
			case MONTH -> this.fee;
			case YEAR -> this.fee.divide(twelve, Money.SCALE, java.math.RoundingMode.HALF_UP);
			case WEEK -> this.fee.multiply(BigDecimal.valueOf(52)).divide(twelve, Money.SCALE,
					java.math.RoundingMode.HALF_UP);
			case DAY -> this.fee.multiply(BigDecimal.valueOf(365)).divide(twelve, Money.SCALE,
					java.math.RoundingMode.HALF_UP);
		};
	}

	/**
	 * Whether a plan costs more per period than this one: moving to it is an upgrade, taking effect
	 * at once; moving to a plan that costs the same or less takes effect at the period's end.
	 * @param other the plan to move to
	 * @return whether that is an upgrade
	 */
	public boolean isUpgradeTo(SubscriptionPlan other) {
		return other.fee.compareTo(this.fee) > 0;
	}

}

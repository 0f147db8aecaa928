package io.credyt.autoconfigure.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.InvalidDimensionException;
import io.credyt.catalog.PriceRule;
import io.credyt.catalog.Product;
import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.Balance;
import io.credyt.money.Money;
import io.credyt.subscription.Subscription;

/**
 * The signed-in customer's balance, ready for a view: {@code ${credyt.balance}} is "$4.50",
 * {@code ${credyt.leftText('image')}} is "18 images left", {@code ${credyt.freeText('image')}} is
 * "10 free images". Balances are rounded down for display ({@link Money#BALANCE_DISPLAY}), so a
 * view never promises money that is not there. When no one is signed in, {@link #isSignedIn()} is
 * false and every amount is zero. A view made from a {@link Supplier} reads the balance the first
 * time an amount is asked for, so a request whose view never shows it costs no query.
 * <p>
 * With plans, {@code ${credyt.plan}} is the customer's plan ({@link PlanView}, or {@code null}) and
 * {@code ${credyt.planText}} is "Pro · 143 of 200 images left · renews 1 Jan"; the units left are
 * priced at the plan's prices while the subscription is active. The subscription too is read the
 * first time it is asked for.
 */
public final class BalanceView {

	private final @Nullable String customer;

	private final @Nullable Supplier<Balance> loader;

	private @Nullable Balance balance;

	private final Catalog catalog;

	private final String displayAsset;

	private final String manageBillingUrl;

	private final @Nullable Supplier<@Nullable String> portalLink;

	private @Nullable String portalUrl;

	private boolean portalUrlMade;

	private final @Nullable Supplier<@Nullable Subscription> subscriptionLoader;

	private @Nullable Subscription subscription;

	private boolean subscriptionLoaded;

	public BalanceView(@Nullable Balance balance, Catalog catalog, String displayAsset, String manageBillingUrl) {
		this.customer = (balance != null) ? balance.customer() : null;
		this.loader = null;
		this.balance = balance;
		this.catalog = catalog;
		this.displayAsset = displayAsset;
		this.manageBillingUrl = manageBillingUrl;
		this.portalLink = null;
		this.subscriptionLoader = null;
	}

	/**
	 * A signed-in customer's view that reads the balance when an amount is first asked for.
	 * @param customer the customer's external id
	 * @param balance reads the customer's balance; called at most once
	 * @param catalog the catalog
	 * @param displayAsset the asset {@link #getBalance()} shows
	 * @param manageBillingUrl where "Manage billing" goes
	 */
	public BalanceView(String customer, Supplier<Balance> balance, Catalog catalog, String displayAsset,
			String manageBillingUrl) {
		this(customer, balance, catalog, displayAsset, manageBillingUrl, null);
	}

	/**
	 * A signed-in customer's view that reads the balance when an amount is first asked for, with
	 * a link to the billing portal.
	 * @param customer the customer's external id
	 * @param balance reads the customer's balance; called at most once
	 * @param catalog the catalog
	 * @param displayAsset the asset {@link #getBalance()} shows
	 * @param manageBillingUrl where "Manage billing" goes
	 * @param portalLink makes a portal link for the customer, called at most once; {@code null}
	 * when there is no portal
	 */
	public BalanceView(String customer, Supplier<Balance> balance, Catalog catalog, String displayAsset,
			String manageBillingUrl, @Nullable Supplier<@Nullable String> portalLink) {
		this(customer, balance, catalog, displayAsset, manageBillingUrl, portalLink, null);
	}

	/**
	 * A signed-in customer's view that reads the balance when an amount is first asked for, and
	 * the customer's subscription when the plan is first asked for.
	 * @param customer the customer's external id
	 * @param balance reads the customer's balance; called at most once
	 * @param catalog the catalog
	 * @param displayAsset the asset {@link #getBalance()} shows
	 * @param manageBillingUrl where "Manage billing" goes
	 * @param portalLink makes a portal link for the customer, called at most once; {@code null}
	 * when there is no portal
	 * @param subscription reads the customer's current subscription (or {@code null} when they
	 * have none), called at most once; {@code null} when the application has no plans
	 */
	public BalanceView(String customer, Supplier<Balance> balance, Catalog catalog, String displayAsset,
			String manageBillingUrl, @Nullable Supplier<@Nullable String> portalLink,
			@Nullable Supplier<@Nullable Subscription> subscription) {
		this.customer = customer;
		this.loader = balance;
		this.balance = null;
		this.catalog = catalog;
		this.displayAsset = displayAsset;
		this.manageBillingUrl = manageBillingUrl;
		this.portalLink = portalLink;
		this.subscriptionLoader = subscription;
	}

	/** @return whether there is a customer to show */
	public boolean isSignedIn() {
		return this.customer != null;
	}

	/** @return the customer's external id, or {@code null} */
	public @Nullable String getCustomer() {
		return this.customer;
	}

	/** @return the available balance in the display asset, formatted: "$4.50" */
	public String getBalance() {
		return format(this.displayAsset);
	}

	/** @return every asset the customer holds, formatted, by asset code */
	public Map<String, String> getMoney() {
		Map<String, String> money = new LinkedHashMap<>();
		money.put(this.displayAsset, format(this.displayAsset));
		if (balance() != null) {
			for (AccountBalance account : balance().accounts().values()) {
				money.put(account.asset(), format(account.asset()));
			}
		}
		return money;
	}

	/**
	 * What can be spent in an asset now.
	 * @param asset the asset code
	 * @return the available amount, unrounded
	 */
	public BigDecimal available(String asset) {
		return (balance() != null) ? balance().available(asset) : Money.zero();
	}

	/**
	 * The available balance in an asset, formatted and rounded down.
	 * @param asset the asset code
	 * @return e.g. "$4.50" or "450 credits"
	 */
	public String format(String asset) {
		return this.catalog.asset(asset).format(available(asset), Money.BALANCE_DISPLAY);
	}

	/**
	 * Units of a product left in the customer's entitlements, whole units.
	 * @param product the product code
	 * @return the free units left
	 */
	public long free(String product) {
		if (balance() == null) {
			return 0;
		}
		return balance().entitled(product).setScale(0, RoundingMode.FLOOR).longValueExact();
	}

	/**
	 * @param product the product code
	 * @return e.g. "10 free images" or "1 free image"
	 */
	public String freeText(String product) {
		return units(product, free(product), "free ", "");
	}

	/**
	 * Units of a product the customer can still get: free units (a plan's allowance included),
	 * then what the available balance buys at the product's default price (its cheapest price when
	 * no default applies), in whole packages for a product priced per package. While the customer's
	 * subscription is active, the price is the plan's.
	 * @param product the product code
	 * @return the units left
	 */
	public long left(String product) {
		Product definition = this.catalog.pricing(this.catalog.product(product), activePlan());
		BigDecimal price = defaultPrice(definition);
		long bought = 0;
		BigDecimal available = available(definition.asset());
		if (price.signum() > 0 && available.signum() > 0) {
			BigDecimal packages = available.divide(price, 0, RoundingMode.FLOOR);
			BigDecimal units = (definition.packageSize() != null) ? packages.multiply(definition.packageSize())
					: packages;
			bought = units.setScale(0, RoundingMode.FLOOR).longValue();
		}
		return free(product) + bought;
	}

	private static BigDecimal defaultPrice(Product product) {
		try {
			return product.quote(Map.of(), BigDecimal.ONE).unitPrice();
		}
		catch (InvalidDimensionException ex) {
			return product.prices().stream().map(PriceRule::unitPrice).min(BigDecimal::compareTo).orElseThrow();
		}
	}

	/**
	 * @param product the product code
	 * @return e.g. "18 images left" or "1 image left"
	 */
	public String leftText(String product) {
		return units(product, left(product), "", " left");
	}

	/** @return whether the customer cannot afford one unit of any product */
	public boolean isBlocked() {
		return balance() != null && this.catalog.products().stream().allMatch((product) -> left(product.code()) == 0);
	}

	/** @return where "Manage billing" goes */
	public String getManageBillingUrl() {
		return this.manageBillingUrl;
	}

	/**
	 * A link that opens the billing portal for this customer, signed and short-lived, made for
	 * this view: {@code /billing/portal/session?token=…} (without the context path, so a template
	 * writes {@code th:href="@{${credyt.portalUrl}}"}).
	 * @return the link, or {@code null} when no one is signed in or the portal is not served
	 */
	public @Nullable String getPortalUrl() {
		if (!this.portalUrlMade && this.portalLink != null) {
			this.portalUrl = this.portalLink.get();
			this.portalUrlMade = true;
		}
		return this.portalUrl;
	}

	/**
	 * The customer's plan, when their subscription is active or past due.
	 * @return the plan, or {@code null} when they have none (or the application has no plans)
	 */
	public @Nullable PlanView getPlan() {
		Subscription current = subscription();
		return (current != null) ? PlanView.of(current, balance(), this.catalog) : null;
	}

	/**
	 * The customer's plan in one line: "Pro · 143 of 200 images left · renews 1 Jan",
	 * "Pro · 143 of 200 images left · ends 1 Jan" when cancelled at the period's end,
	 * "Pro · payment failed" when past due.
	 * @return the text, or {@code null} when the customer has no plan
	 * @see PlanView#getText()
	 */
	public @Nullable String getPlanText() {
		PlanView plan = getPlan();
		return (plan != null) ? plan.getText() : null;
	}

	/**
	 * The customer's plan in one line, with one product's allowance.
	 * @param product the product code
	 * @return the text, or {@code null} when the customer has no plan
	 * @see PlanView#text(String)
	 */
	public @Nullable String planText(String product) {
		PlanView plan = getPlan();
		return (plan != null) ? plan.text(product) : null;
	}

	/**
	 * The plan whose prices the customer pays: their plan while the subscription is active. Read
	 * only when some plan changes a price.
	 */
	private @Nullable String activePlan() {
		if (!this.catalog.plansPrice()) {
			return null;
		}
		Subscription current = subscription();
		return (current != null && current.active()) ? current.plan() : null;
	}

	/** The customer's subscription, read on first use; {@code null} when there is none. */
	private @Nullable Subscription subscription() {
		if (!this.subscriptionLoaded && this.subscriptionLoader != null) {
			this.subscription = this.subscriptionLoader.get();
			this.subscriptionLoaded = true;
		}
		return this.subscription;
	}

	/** The customer's balance, read on first use; {@code null} when no one is signed in. */
	private @Nullable Balance balance() {
		if (this.balance == null && this.loader != null) {
			this.balance = this.loader.get();
		}
		return this.balance;
	}

	private String units(String product, long count, String before, String after) {
		Product definition = this.catalog.product(product);
		return count + " " + before + ((count == 1) ? definition.unit() : definition.unitPlural()) + after;
	}

}

package io.credyt.autoconfigure.portal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

import io.credyt.autoconfigure.admin.DailyChart;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.PriceRule;
import io.credyt.catalog.Product;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.catalog.UnknownAssetException;
import io.credyt.catalog.UnknownProductException;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.Balance;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEntry;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Money;
import io.credyt.payment.AutoTopUpSettings;
import io.credyt.payment.AutoTopUpStatus;
import io.credyt.payment.AutoTopUps;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TopUpPolicy;
import io.credyt.payment.TopUps;
import io.credyt.report.BillingReports;
import io.credyt.report.DailySpend;
import io.credyt.report.SpendHistory;
import io.credyt.report.SpendLine;
import io.credyt.report.SpendQuery;
import io.credyt.subscription.FeeSource;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionCharge;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;

/**
 * Gathers what the portal page shows a customer from the ledger and, when the application has
 * them, the subscriptions, the top-up service, the payment store, auto top-up and the reports.
 */
final class PortalPages {

	/** How many of the latest payments the page lists. */
	static final int PAYMENTS_SHOWN = 10;

	// adjustments are rare; the newest this many label the transactions they made
	private static final int ADJUSTMENTS_LOOKED_UP = PageRequest.MAX_SIZE;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final Ledger ledger;

	private final ObjectProvider<TopUps> topUps;

	private final ObjectProvider<PaymentStore> paymentStore;

	private final ObjectProvider<AutoTopUps> autoTopUps;

	private final ObjectProvider<BillingReports> reports;

	private final ObjectProvider<Subscriptions> subscriptions;

	private final ObjectProvider<PaymentProvider> provider;

	private final String displayAsset;

	private final String path;

	private final String returnUrl;

	private final int pageSize;

	private final Clock clock;

	PortalPages(Ledger ledger, ObjectProvider<TopUps> topUps, ObjectProvider<PaymentStore> paymentStore,
			ObjectProvider<AutoTopUps> autoTopUps, ObjectProvider<BillingReports> reports,
			ObjectProvider<Subscriptions> subscriptions, ObjectProvider<PaymentProvider> provider, String displayAsset,
			String path, String returnUrl, int pageSize, Clock clock) {
		this.ledger = ledger;
		this.topUps = topUps;
		this.paymentStore = paymentStore;
		this.autoTopUps = autoTopUps;
		this.reports = reports;
		this.subscriptions = subscriptions;
		this.provider = provider;
		this.displayAsset = displayAsset;
		this.path = path;
		this.returnUrl = returnUrl;
		this.pageSize = pageSize;
		this.clock = clock;
	}

	/**
	 * The page for a customer.
	 * @param customer the customer's external id
	 * @param usagePage which page of the usage history
	 * @param transactionsPage which page of the transactions
	 * @return the page
	 */
	PortalPage page(String customer, int usagePage, int transactionsPage) {
		Catalog catalog = this.ledger.catalog();
		TopUps topUps = this.topUps.getIfAvailable();
		Balance balance = this.ledger.balance(customer);
		List<String> assets = assets(balance, topUps);
		return new PortalPage(this.path, customer, this.returnUrl, balances(balance, assets, catalog),
				entitlements(balance, catalog), plan(customer, balance, catalog), spendThisMonth(customer, assets, catalog),
				spendHistory(customer, assets, catalog), topUpForm(topUps, catalog),
				autoTopUpForm(customer, topUps, catalog), payments(customer, catalog),
				usage(customer, usagePage, catalog), transactions(customer, transactionsPage, catalog));
	}

	private List<String> assets(Balance balance, @Nullable TopUps topUps) {
		Set<String> assets = new LinkedHashSet<>();
		assets.add(this.displayAsset);
		if (topUps != null) {
			assets.add(topUps.policy().asset());
		}
		balance.accounts().keySet().stream().sorted().forEach(assets::add);
		return List.copyOf(assets);
	}

	private List<PortalPage.Amount> balances(Balance balance, List<String> assets, Catalog catalog) {
		return assets.stream()
			.map((asset) -> new PortalPage.Amount(asset, label(asset, catalog),
					money(balance.available(asset), asset, catalog, Money.BALANCE_DISPLAY)))
			.toList();
	}

	private List<PortalPage.EntitlementLine> entitlements(Balance balance, Catalog catalog) {
		List<PortalPage.EntitlementLine> lines = new ArrayList<>();
		for (Entitlement entitlement : balance.entitlements()) {
			lines.add(new PortalPage.EntitlementLine(productName(entitlement.product()), left(entitlement, catalog),
					detail(entitlement)));
		}
		return lines;
	}

	/** What is left of an allowance: "8 of 10 images left". */
	private static String left(Entitlement entitlement, Catalog catalog) {
		return plain(entitlement.remaining().max(BigDecimal.ZERO)) + " of " + plain(entitlement.units()) + " "
				+ unit(entitlement.product(), entitlement.units(), catalog) + " left";
	}

	private static String detail(Entitlement entitlement) {
		String detail;
		if (entitlement.period() == EntitlementPeriod.ONCE || entitlement.periodEnd() == null) {
			detail = "One-time";
		}
		else {
			detail = "Renews " + DATE.format(entitlement.periodEnd());
		}
		if (entitlement.expiresAt() != null) {
			detail += ", until " + DATE.format(entitlement.expiresAt());
		}
		return detail;
	}

	private @Nullable List<PortalPage.Amount> spendThisMonth(String customer, List<String> assets, Catalog catalog) {
		BillingReports reports = this.reports.getIfAvailable();
		if (reports == null) {
			return null;
		}
		ZonedDateTime monthStart = this.clock.instant()
			.atZone(ZoneOffset.UTC)
			.withDayOfMonth(1)
			.truncatedTo(ChronoUnit.DAYS);
		// to the month's end rather than now: usage stamped by another instance's clock a moment
		// ahead still counts
		Instant from = monthStart.toInstant();
		Instant to = monthStart.plusMonths(1).toInstant();
		return assets.stream()
			.map((asset) -> new PortalPage.Amount(asset, label(asset, catalog),
					money(reports.spend(customer, asset, from, to), asset, catalog, Money.PRICE_DISPLAY)))
			.toList();
	}

	/**
	 * The last 30 days' fees per day in each asset the customer spent in; the display asset's
	 * (all days zero) when they spent in none.
	 */
	private @Nullable List<PortalPage.SpendHistory> spendHistory(String customer, List<String> assets,
			Catalog catalog) {
		BillingReports reports = this.reports.getIfAvailable();
		if (reports == null) {
			return null;
		}
		List<SpendHistory> histories = new ArrayList<>();
		for (String asset : assets) {
			SpendHistory history = reports.dailySpend(SpendQuery.lastDays(customer, asset, this.clock));
			if (history.totals().events() > 0) {
				histories.add(history);
			}
		}
		if (histories.isEmpty()) {
			histories.add(reports.dailySpend(SpendQuery.lastDays(customer, this.displayAsset, this.clock)));
		}
		return histories.stream().map((history) -> spendHistory(history, catalog)).toList();
	}

	private static PortalPage.SpendHistory spendHistory(SpendHistory history, Catalog catalog) {
		String asset = history.query().asset();
		// drawn in the customer's asset and without the vendor cost, which is the operator's business
		DailyChart chart = DailyChart.spend(history.days(), BigDecimal.ONE, false);
		List<PortalPage.SpendDay> days = new ArrayList<>();
		for (int i = 0; i < history.days().size(); i++) {
			DailySpend day = history.days().get(i);
			SpendLine line = day.line();
			String date = DAY.format(day.day());
			String fee = money(line.fee(), asset, catalog, Money.PRICE_DISPLAY);
			String summary = date + ": " + fee + " in " + line.events() + ((line.events() == 1) ? " event" : " events")
					+ " (paid " + money(line.paid(), asset, catalog, Money.PRICE_DISPLAY) + ", promotional "
					+ money(line.promotional(), asset, catalog, Money.PRICE_DISPLAY) + ", plan credit "
					+ money(line.bundled(), asset, catalog, Money.PRICE_DISPLAY) + ")";
			days.add(new PortalPage.SpendDay(date, fee, line.events(), summary, chart.days().get(i)));
		}
		SpendLine totals = history.totals();
		return new PortalPage.SpendHistory(asset, label(asset, catalog),
				money(totals.fee(), asset, catalog, Money.PRICE_DISPLAY), totals.events(),
				money(totals.paid(), asset, catalog, Money.PRICE_DISPLAY),
				money(totals.promotional(), asset, catalog, Money.PRICE_DISPLAY),
				money(totals.bundled(), asset, catalog, Money.PRICE_DISPLAY),
				money(chart.max(), asset, catalog, Money.PRICE_DISPLAY), chart, days);
	}

	private static PortalPage.@Nullable TopUpForm topUpForm(@Nullable TopUps topUps, Catalog catalog) {
		if (topUps == null) {
			return null;
		}
		TopUpPolicy policy = topUps.policy();
		String currency = policy.currency();
		List<PortalPage.Preset> presets = policy.presets()
			.stream()
			.map((preset) -> new PortalPage.Preset(plain(preset), money(preset, currency, catalog, Money.PRICE_DISPLAY)))
			.toList();
		String bounds = money(policy.minimum(), currency, catalog, Money.PRICE_DISPLAY) + " to "
				+ money(policy.maximum(), currency, catalog, Money.PRICE_DISPLAY);
		return new PortalPage.TopUpForm(presets, currency, plain(policy.minimum()), plain(policy.maximum()), bounds,
				UUID.randomUUID().toString(), !topUps.provider().live());
	}

	private PortalPage.@Nullable AutoTopUpForm autoTopUpForm(String customer, @Nullable TopUps topUps,
			Catalog catalog) {
		AutoTopUps autoTopUps = this.autoTopUps.getIfAvailable();
		if (autoTopUps == null || topUps == null) {
			return null;
		}
		PaymentStore store = this.paymentStore.getIfAvailable();
		List<PortalPage.Card> cards = (store != null)
				? store.paymentMethods(customer).stream().map(PortalPages::card).toList() : List.of();
		TopUpPolicy policy = topUps.policy();
		Optional<AutoTopUpStatus> found = autoTopUps.status(customer);
		String thresholdAsset = label(policy.asset(), catalog);
		if (found.isEmpty()) {
			String threshold = policy.asset().equals(policy.currency()) ? plain(policy.minimum()) : "";
			String amount = policy.presets().isEmpty() ? plain(policy.minimum()) : plain(policy.presets().get(0));
			return new PortalPage.AutoTopUpForm(false, threshold, amount,
					cards.isEmpty() ? null : cards.get(0).value(), cards, thresholdAsset, policy.currency(), false,
					null, null, null, null, 0, null);
		}
		AutoTopUpStatus status = found.get();
		AutoTopUpSettings settings = status.settings();
		Instant now = this.clock.instant();
		String cooldown = (status.cooldownUntil() != null && status.cooldownUntil().isAfter(now))
				? TIME.format(status.cooldownUntil()) : null;
		return new PortalPage.AutoTopUpForm(settings.enabled(), plain(settings.threshold()), plain(settings.amount()),
				settings.paymentMethod(), cards, thresholdAsset, policy.currency(), true, time(status.lastAttemptAt()),
				(status.lastStatus() != null) ? statusLabel(status.lastStatus().name()) : null,
				status.lastFailureReason(), cooldown, status.attemptsToday(), time(status.inFlightSince()));
	}

	private @Nullable List<PortalPage.PaymentLine> payments(String customer, Catalog catalog) {
		PaymentStore store = this.paymentStore.getIfAvailable();
		if (store == null) {
			return null;
		}
		List<PaymentRecord> payments = store.payments(customer, PageRequest.of(0, PAYMENTS_SHOWN)).items();
		Function<PaymentRecord, String> subscriptionPlan = subscriptionPlans(customer, payments);
		List<PortalPage.PaymentLine> lines = new ArrayList<>();
		for (PaymentRecord payment : payments) {
			String kind = switch (payment.kind()) {
				case CHECKOUT -> "Top-up";
				case AUTO_TOP_UP -> "Auto top-up";
				case SUBSCRIPTION -> subscriptionPlan.apply(payment) + " subscription";
			};
			lines.add(new PortalPage.PaymentLine(TIME.format(payment.createdAt()), kind,
					money(payment.amount(), payment.currency(), catalog, Money.PRICE_DISPLAY),
					statusLabel(payment.status().name()), payment.failureReason()));
		}
		return lines;
	}

	/**
	 * The name of the plan each subscription payment paid for: the plan of the fee it paid, else
	 * (a payment not collected, or not yet) the plan of the customer's subscription.
	 */
	private Function<PaymentRecord, String> subscriptionPlans(String customer, List<PaymentRecord> payments) {
		Subscriptions subscriptions = this.subscriptions.getIfAvailable();
		if (subscriptions == null
				|| payments.stream().noneMatch((payment) -> payment.kind() == PaymentKind.SUBSCRIPTION)) {
			return (payment) -> "Plan";
		}
		Map<String, String> planByPayment = new HashMap<>();
		for (SubscriptionCharge charge : subscriptions.charges(customer)) {
			if (charge.paymentReference() != null) {
				planByPayment.putIfAbsent(charge.paymentReference(), charge.plan());
			}
		}
		String current = subscriptions.subscription(customer).map(Subscription::plan).orElse(null);
		return (payment) -> {
			String plan = (payment.paymentReference() != null) ? planByPayment.get(payment.paymentReference()) : null;
			plan = (plan != null) ? plan : current;
			return (plan != null) ? planName(subscriptions, plan) : "Plan";
		};
	}

	private PortalPage.@Nullable PlanSection plan(String customer, Balance balance, Catalog catalog) {
		Subscriptions subscriptions = this.subscriptions.getIfAvailable();
		if (subscriptions == null) {
			return null;
		}
		PaymentProvider provider = this.provider.getIfUnique();
		boolean card = provider != null;
		boolean testMode = provider != null && !provider.live();
		String key = UUID.randomUUID().toString();
		Optional<Subscription> found = subscriptions.subscription(customer);
		if (found.isPresent() && found.get().status() != SubscriptionStatus.CANCELED
				&& found.get().status() != SubscriptionStatus.INCOMPLETE) {
			return new PortalPage.PlanSection(current(found.get(), subscriptions, balance, catalog), null, List.of(),
					card, testMode, key);
		}
		// one whose first fee is not paid yet is shown, and a new start replaces it
		PortalPage.CurrentPlan incomplete = found
			.filter((subscription) -> subscription.status() == SubscriptionStatus.INCOMPLETE)
			.map((subscription) -> current(subscription, subscriptions, balance, catalog))
			.orElse(null);
		String ended = found.filter((subscription) -> subscription.status() == SubscriptionStatus.CANCELED)
			.map((subscription) -> "Your " + planName(subscriptions, subscription.plan())
				+ " subscription ended" + ((subscription.endedAt() != null) ? " on " + DATE.format(subscription.endedAt())
						: "") + ".")
			.orElse(null);
		List<PortalPage.PlanOffer> offers = subscriptions.plans()
			.stream()
			.map((plan) -> new PortalPage.PlanOffer(plan.code(), plan.name(), fee(plan, catalog),
					included(plan, catalog), planPrices(plan, catalog), card && plan.fee().signum() > 0,
					plan.fee().signum() == 0))
			.toList();
		return new PortalPage.PlanSection(incomplete, ended, offers, card, testMode, key);
	}

	private PortalPage.CurrentPlan current(Subscription subscription, Subscriptions subscriptions, Balance balance,
			Catalog catalog) {
		SubscriptionPlan plan = subscriptions.plan(subscription.plan()).orElse(null);
		String name = (plan != null) ? plan.name() : subscription.plan();
		String status;
		String statusClass;
		String when;
		switch (subscription.status()) {
			case INCOMPLETE -> {
				status = "Awaiting payment";
				statusClass = "pending";
				when = "Starts once the first fee is paid at the checkout";
			}
			case PAST_DUE -> {
				status = "Past due";
				statusClass = "failed";
				// while past due, the period's end is when the unpaid period began
				when = (subscription.periodEnd() != null)
						? "Renewal fee due since " + DATE.format(subscription.periodEnd()) : null;
			}
			default -> {
				status = subscription.cancelAtPeriodEnd() ? "Cancelling" : "Active";
				statusClass = subscription.cancelAtPeriodEnd() ? "pending" : "succeeded";
				Instant end = subscription.periodEnd();
				when = (end == null) ? null : (subscription.cancelAtPeriodEnd() ? "Ends " : "Renews ") + DATE.format(end);
			}
		}
		String paidBy;
		if (subscription.source() == FeeSource.WALLET) {
			paidBy = "Paid from your balance";
		}
		else if (subscription.paymentMethod() != null && subscription.status() != SubscriptionStatus.INCOMPLETE) {
			paidBy = "Paid by " + card(subscription.paymentMethod()).label();
		}
		else {
			paidBy = "Paid by card";
		}
		boolean pastDue = subscription.status() == SubscriptionStatus.PAST_DUE;
		String nextPlan = null;
		if (subscription.nextPlan() != null && subscription.periodEnd() != null) {
			nextPlan = "Moves to " + planName(subscriptions, subscription.nextPlan()) + " on "
					+ DATE.format(subscription.periodEnd());
		}
		List<String> allowances = new ArrayList<>();
		if (subscription.active()) {
			for (Entitlement entitlement : balance.entitlements()) {
				if (Subscriptions.isAllowanceOf(entitlement.reference(), subscription.id())) {
					allowances.add(left(entitlement, catalog));
				}
			}
		}
		boolean changeable = subscription.active() && !subscription.cancelAtPeriodEnd();
		List<PortalPage.PlanChange> changes = new ArrayList<>();
		if (changeable && plan != null) {
			for (SubscriptionPlan other : subscriptions.plans()) {
				if (other.code().equals(plan.code()) || other.code().equals(subscription.nextPlan())) {
					continue;
				}
				changes.add(change(subscription, plan, other, catalog));
			}
		}
		String cancel = null;
		if (!subscription.cancelAtPeriodEnd()) {
			cancel = (subscription.active() && subscription.periodEnd() != null)
					? "It stays active until " + DATE.format(subscription.periodEnd()) + "; nothing more is charged."
					: "It ends now; nothing more is charged.";
		}
		String reactivate = null;
		if (subscription.active() && subscription.cancelAtPeriodEnd()) {
			reactivate = "Reactivate";
		}
		else if (subscription.active() && subscription.nextPlan() != null) {
			reactivate = "Keep " + name;
		}
		return new PortalPage.CurrentPlan(subscription.id().toString(), subscription.plan(), name,
				(plan != null) ? fee(plan, catalog) : "", status, statusClass, when, paidBy,
				pastDue ? subscription.lastFailureReason() : null,
				(pastDue && subscription.nextAttemptAt() != null) ? "Next attempt " + TIME.format(subscription.nextAttemptAt())
						: null,
				nextPlan, allowances, (plan != null) ? planPrices(plan, catalog) : List.of(), changes, cancel, reactivate);
	}

	private static PortalPage.PlanChange change(Subscription subscription, SubscriptionPlan from, SubscriptionPlan to,
			Catalog catalog) {
		boolean upgrade = from.isUpgradeTo(to);
		String effect;
		if (upgrade) {
			String charged = (subscription.source() == FeeSource.CARD) ? "charged to your card" : "paid from your balance";
			effect = "Starts now: the unused part of this period's " + money(from.fee(), from.currency(), catalog,
					Money.PRICE_DISPLAY) + " fee is credited to your balance, and "
					+ money(to.fee(), to.currency(), catalog, Money.PRICE_DISPLAY) + " is " + charged + ".";
		}
		else {
			effect = "Starts "
					+ ((subscription.periodEnd() != null) ? "on " + DATE.format(subscription.periodEnd()) : "at the period's end")
					+ ", when this period ends; nothing is charged until then.";
		}
		return new PortalPage.PlanChange(to.code(), to.name(), fee(to, catalog), upgrade, effect);
	}

	/**
	 * A plan's name, as customers see it.
	 * @param code the plan's code
	 * @return its name; the code itself once the plan is no longer declared
	 */
	String planName(String code) {
		Subscriptions subscriptions = this.subscriptions.getIfAvailable();
		return (subscriptions != null) ? planName(subscriptions, code) : code;
	}

	private static String planName(Subscriptions subscriptions, String code) {
		return subscriptions.plan(code).map(SubscriptionPlan::name).orElse(code);
	}

	/** A plan's fee per period: "$20.00 / month". */
	static String fee(SubscriptionPlan plan, Catalog catalog) {
		return money(plan.fee(), plan.currency(), catalog, Money.PRICE_DISPLAY) + " / " + plan.interval().label();
	}

	/** The units a plan includes each period: "200 images included". */
	private static List<String> included(SubscriptionPlan plan, Catalog catalog) {
		return plan.entitlements()
			.entrySet()
			.stream()
			.map((included) -> quantity(included.getKey(), included.getValue(), catalog) + " included")
			.toList();
	}

	/**
	 * What a plan's subscribers pay for each product it includes or prices, one line a product:
	 * "then $0.20 / image, $0.35 / image (quality: hd)"; "then" after an allowance.
	 */
	private static List<String> planPrices(SubscriptionPlan plan, Catalog catalog) {
		Set<String> products = new LinkedHashSet<>(plan.entitlements().keySet());
		products.addAll(plan.prices().keySet());
		List<String> lines = new ArrayList<>();
		for (String code : products) {
			Product priced;
			try {
				priced = catalog.pricing(catalog.product(code), plan.code());
			}
			catch (UnknownProductException ex) {
				continue;
			}
			String per = (priced.packageSize() != null && priced.packageSize().compareTo(BigDecimal.ONE) != 0)
					? plain(priced.packageSize()) + " " + priced.unitPlural() : priced.unit();
			String rules = priced.prices()
				.stream()
				.sorted(Comparator.comparingLong((rule) -> conditions(rule).size()))
				.map((rule) -> {
					List<String> conditions = conditions(rule);
					return money(rule.unitPrice(), priced.asset(), catalog, Money.PRICE_DISPLAY) + " / " + per
							+ (conditions.isEmpty() ? "" : " (" + String.join(", ", conditions) + ")");
				})
				.collect(Collectors.joining(", "));
			lines.add((plan.entitlements().containsKey(code) ? "then " : "") + rules);
		}
		return lines;
	}

	/** A price rule's exact conditions, "quality: hd"; wildcards match anything and say nothing. */
	private static List<String> conditions(PriceRule rule) {
		return rule.when()
			.entrySet()
			.stream()
			.filter((condition) -> !PriceRule.ANY.equals(condition.getValue()))
			.sorted(Map.Entry.comparingByKey())
			.map((condition) -> condition.getKey() + ": " + condition.getValue())
			.toList();
	}

	private PortalPage.Table<PortalPage.UsageLine> usage(String customer, int page, Catalog catalog) {
		Page<UsageRecord> usage = this.ledger.usage(customer, PageRequest.of(page, this.pageSize));
		List<PortalPage.UsageLine> lines = new ArrayList<>();
		for (UsageRecord record : usage.items()) {
			String fee = (record.fee().signum() == 0 && record.entitledUnits().signum() > 0) ? "Included"
					: money(record.fee(), record.asset(), catalog, Money.PRICE_DISPLAY);
			lines.add(new PortalPage.UsageLine(TIME.format(record.occurredAt()), productName(record.product()),
					dimensions(record.dimensions()), quantity(record.product(), record.quantity(), catalog), fee));
		}
		return table(lines, usage);
	}

	private PortalPage.Table<PortalPage.TransactionLine> transactions(String customer, int page, Catalog catalog) {
		Page<LedgerEntry> entries = this.ledger.entries(customer, PageRequest.of(page, this.pageSize));
		Map<String, CreditGrant> grants = Map.of();
		Map<String, Adjustment> adjustments = Map.of();
		if (entries.items().stream().anyMatch((entry) -> entry.type() != EntryType.USAGE)) {
			grants = this.ledger.grants(customer)
				.stream()
				.collect(Collectors.toMap((grant) -> grant.id().toString(), Function.identity()));
			adjustments = this.ledger.adjustments(customer, PageRequest.of(0, ADJUSTMENTS_LOOKED_UP))
				.items()
				.stream()
				.collect(Collectors.toMap((adjustment) -> adjustment.id().toString(), Function.identity()));
		}
		List<PortalPage.TransactionLine> lines = new ArrayList<>();
		for (LedgerEntry entry : entries.items()) {
			String type;
			String description = "";
			switch (entry.type()) {
				case USAGE -> {
					type = "Charge";
					Optional<UsageRecord> usage = this.ledger.usage(entry.reference());
					if (usage.isPresent()) {
						UsageRecord record = usage.get();
						String dimensions = dimensions(record.dimensions());
						description = quantity(record.product(), record.quantity(), catalog)
								+ (dimensions.isEmpty() ? "" : " (" + dimensions + ")");
					}
				}
				case GRANT -> {
					CreditGrant grant = grants.get(entry.reference());
					type = (grant != null) ? grantLabel(grant.purpose()) : "Credit";
				}
				case GRANT_EXPIRY -> {
					CreditGrant grant = grants.get(entry.reference());
					type = "Expired credit";
					description = (grant != null) ? grantLabel(grant.purpose()) : "";
				}
				case ADJUSTMENT -> {
					Adjustment adjustment = adjustments.get(entry.reference());
					type = (adjustment != null) ? adjustmentLabel(adjustment.reason()) : "Adjustment";
					if (adjustment != null && (adjustment.reason() == AdjustmentReason.SUBSCRIPTION_FEE
							|| adjustment.reason() == AdjustmentReason.SUBSCRIPTION_CREDIT) && adjustment.note() != null) {
						// "Pro subscription", "Unused part of the Pro fee"
						description = adjustment.note();
					}
					if (adjustment != null && adjustment.reason() == AdjustmentReason.REFUND) {
						Optional<UsageRecord> refunded = this.ledger.usage(adjustment.reference());
						if (refunded.isPresent()) {
							description = "Refund of " + productName(refunded.get().product()) + ", "
									+ DATE.format(refunded.get().occurredAt());
						}
					}
				}
				default -> type = entry.type().name();
			}
			String amount = money(entry.amount(), entry.asset(), catalog, Money.PRICE_DISPLAY);
			boolean credit = entry.amount().signum() > 0;
			lines.add(new PortalPage.TransactionLine(TIME.format(entry.createdAt()), type, description,
					credit ? "+" + amount : amount, credit));
		}
		return table(lines, entries);
	}

	private static <T> PortalPage.Table<T> table(List<T> lines, Page<?> page) {
		int totalPages = Math.max(page.totalPages(), 1);
		return new PortalPage.Table<>(lines, page.page(), totalPages, page.total(),
				(page.page() > 0) ? Math.min(page.page() - 1, totalPages - 1) : null,
				page.hasNext() ? page.page() + 1 : null);
	}

	private static String grantLabel(GrantPurpose purpose) {
		return switch (purpose) {
			case PAID -> "Top-up";
			case PROMOTIONAL -> "Promotional credit";
			case BUNDLED -> "Plan credit";
		};
	}

	private static String adjustmentLabel(AdjustmentReason reason) {
		return switch (reason) {
			case REFUND -> "Refund";
			case GIFT -> "Gift";
			case EXTERNAL_TOPUP -> "Top-up";
			case CHARGEBACK -> "Chargeback";
			case TOPUP_REFUND -> "Refund to card";
			case CORRECTION -> "Correction";
			case SUBSCRIPTION_FEE -> "Subscription fee";
			case SUBSCRIPTION_CREDIT -> "Plan change credit";
		};
	}

	private static String statusLabel(String status) {
		return status.charAt(0) + status.substring(1).toLowerCase(Locale.ROOT);
	}

	static PortalPage.Card card(String paymentMethod) {
		// the test provider's cards end with their last four digits: test_pm_4242
		int underscore = paymentMethod.lastIndexOf('_');
		String tail = paymentMethod.substring(underscore + 1);
		if (paymentMethod.startsWith("test_pm_") && tail.matches("\\d{4}")) {
			return new PortalPage.Card(paymentMethod, "Test card ending " + tail);
		}
		return new PortalPage.Card(paymentMethod, "Saved card " + paymentMethod);
	}

	private static String dimensions(Map<String, String> dimensions) {
		return dimensions.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((dimension) -> dimension.getKey() + ": " + dimension.getValue())
			.collect(Collectors.joining(", "));
	}

	private static String quantity(String product, BigDecimal quantity, Catalog catalog) {
		return plain(quantity) + " " + unit(product, quantity, catalog);
	}

	private static String unit(String product, BigDecimal quantity, Catalog catalog) {
		try {
			Product definition = catalog.product(product);
			return (quantity.compareTo(BigDecimal.ONE) == 0) ? definition.unit() : definition.unitPlural();
		}
		catch (UnknownProductException ex) {
			// a product since removed from the catalog still shows in the history
			return "units";
		}
	}

	private static String productName(String product) {
		return product.isEmpty() ? product : product.substring(0, 1).toUpperCase(Locale.ROOT) + product.substring(1);
	}

	private static String label(String asset, Catalog catalog) {
		try {
			return catalog.asset(asset).label();
		}
		catch (UnknownAssetException ex) {
			return asset;
		}
	}

	static String money(BigDecimal amount, String asset, Catalog catalog, RoundingMode mode) {
		try {
			return catalog.asset(asset).format(amount, mode);
		}
		catch (UnknownAssetException ex) {
			return plain(amount) + " " + asset;
		}
	}

	static String plain(BigDecimal amount) {
		return amount.stripTrailingZeros().toPlainString();
	}

	/**
	 * A day as the portal writes it: "1 Jan 2027" (UTC).
	 * @param instant the moment
	 * @return its day
	 */
	static String date(Instant instant) {
		return DATE.format(instant);
	}

	private static @Nullable String time(@Nullable Instant instant) {
		return (instant != null) ? TIME.format(instant) : null;
	}

}

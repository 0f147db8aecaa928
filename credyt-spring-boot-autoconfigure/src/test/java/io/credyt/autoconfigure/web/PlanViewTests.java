package io.credyt.autoconfigure.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.credyt.catalog.BillingInterval;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.PriceRule;
import io.credyt.catalog.Product;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.Balance;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.subscription.FeeSource;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a view shows of the customer's plan: the one-line text in each state, the units left of
 * this period's allowance, the units the balance buys at the plan's prices, and that the
 * subscription is read only when a view asks, once.
 */
class PlanViewTests {

	private static final Instant START = Instant.parse("2025-12-01T00:00:00Z");

	private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");

	private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

	private final Catalog catalog = Catalog.builder()
		.product(Product.builder("image")
			.unit("image", "images")
			.dimension("quality", "standard", "hd")
			.price("0.25")
			.price(Map.of("quality", "hd"), "0.40")
			.build())
		.product(Product.builder("video").unit("video", "videos").price("1.00").build())
		.plan(new SubscriptionPlan("pro", null, new BigDecimal("20.00"), null, BillingInterval.MONTH,
				Map.of("image", new BigDecimal("200")),
				Map.of("image", List.of(new PriceRule(Map.of(), new BigDecimal("0.20"), null),
						new PriceRule(Map.of("quality", "hd"), new BigDecimal("0.35"), null)))))
		.plan(new SubscriptionPlan("studio", "Studio", new BigDecimal("50.00"), null, BillingInterval.MONTH,
				inOrder("image", "500", "video", "1"), Map.of()))
		.build();

	@Test
	void anActivePlanSaysWhatIsLeftOfTheAllowanceAndWhenItRenews() {
		BalanceView view = view(subscription("pro", SubscriptionStatus.ACTIVE, false),
				balance("0", allowance(ID, "image", "200", "57"), signupAllowance("image", "2")));

		PlanView plan = view.getPlan();

		assertThat(view.getPlanText()).isEqualTo("Pro · 143 of 200 images left · renews 1 Jan");
		assertThat(view.planText("image")).isEqualTo("Pro · 143 of 200 images left · renews 1 Jan");
		assertThat(plan.getName()).isEqualTo("Pro");
		assertThat(plan.getCode()).isEqualTo("pro");
		assertThat(plan.left("image")).as("the sign-up allowance is not the plan's").isEqualTo(143);
		assertThat(plan.included("image")).isEqualTo(200);
		assertThat(plan.getRenewsAt()).isEqualTo(END);
		assertThat(plan.getEndsAt()).isNull();
		assertThat(plan.isCancelling()).isFalse();
		assertThat(plan.isPastDue()).isFalse();
		assertThat(view.free("image")).as("free units count every allowance").isEqualTo(145);
		assertThat(view.leftText("image")).isEqualTo("145 images left");
	}

	@Test
	void aPlanCancelledAtThePeriodsEndSaysWhenItEnds() {
		BalanceView view = view(subscription("pro", SubscriptionStatus.ACTIVE, true),
				balance("0", allowance(ID, "image", "200", "57")));

		assertThat(view.getPlanText()).isEqualTo("Pro · 143 of 200 images left · ends 1 Jan");
		assertThat(view.getPlan().getEndsAt()).isEqualTo(END);
		assertThat(view.getPlan().getRenewsAt()).isNull();
		assertThat(view.getPlan().isCancelling()).isTrue();
	}

	@Test
	void aPastDuePlanSaysThePaymentFailedAndHasNoAllowanceLeft() {
		BalanceView view = view(subscription("pro", SubscriptionStatus.PAST_DUE, false),
				balance("0", allowance(ID, "image", "200", "57")));

		assertThat(view.getPlanText()).isEqualTo("Pro · payment failed");
		assertThat(view.planText("image")).isEqualTo("Pro · payment failed");
		assertThat(view.getPlan().isPastDue()).isTrue();
		assertThat(view.getPlan().left("image")).isZero();
		assertThat(view.getPlan().included("image")).isEqualTo(200);
		assertThat(view.getPlan().getRenewsAt()).isNull();
	}

	@Test
	void noPlanIsShownWithoutASubscriptionThatIsActiveOrPastDue() {
		for (SubscriptionStatus status : new SubscriptionStatus[] { SubscriptionStatus.INCOMPLETE,
				SubscriptionStatus.CANCELED }) {
			BalanceView view = view(subscription("pro", status, false), balance("0"));
			assertThat(view.getPlan()).as(status.name()).isNull();
			assertThat(view.getPlanText()).as(status.name()).isNull();
			assertThat(view.planText("image")).as(status.name()).isNull();
		}
		BalanceView none = view(null, balance("0"));
		assertThat(none.getPlan()).isNull();
		BalanceView withoutPlans = new BalanceView("alice", () -> balance("0"), this.catalog, "USD", "/billing");
		assertThat(withoutPlans.getPlan()).as("an application without subscriptions").isNull();
		assertThat(new BalanceView(null, this.catalog, "USD", "/billing").getPlan()).as("signed out").isNull();
	}

	@Test
	void onlyTheSubscriptionsOwnAllowanceCountsAsLeftOfThePlan() {
		UUID earlier = UUID.fromString("00000000-0000-0000-0000-000000000002");
		BalanceView view = view(subscription("pro", SubscriptionStatus.ACTIVE, false),
				balance("0", allowance(ID, "image", "200", "200"), allowance(earlier, "image", "200", "0")));

		assertThat(view.getPlanText()).isEqualTo("Pro · 0 of 200 images left · renews 1 Jan");
	}

	@Test
	void aPlanWithSeveralProductsNamesEachAndOneUnitIsSingular() {
		BalanceView view = view(subscription("studio", SubscriptionStatus.ACTIVE, false),
				balance("0", allowance(ID, "image", "500", "0.5"), allowance(ID, "video", "1", "1")));

		assertThat(view.getPlanText()).isEqualTo("Studio · 499 of 500 images left · 0 of 1 video left · renews 1 Jan");
		assertThat(view.planText("video")).isEqualTo("Studio · 0 of 1 video left · renews 1 Jan");
		assertThat(view.planText("audio")).as("a product the plan does not include")
			.isEqualTo("Studio · renews 1 Jan");
		assertThat(view.getPlan().getAllowances()).extracting(PlanView.Allowance::product)
			.containsExactly("image", "video");
	}

	@Test
	void datesAreUtcDaysWithEnglishMonthNames() {
		Subscription september = new Subscription(ID, "alice", "pro", SubscriptionStatus.ACTIVE, FeeSource.WALLET,
				null, Instant.parse("2026-08-30T23:30:00Z"), Instant.parse("2026-09-30T23:30:00Z"), false, null, 0,
				null, null, START, START, null);

		assertThat(view(september, balance("0")).getPlanText()).isEqualTo("Pro · 0 of 200 images left · renews 30 Sep");
	}

	@Test
	void unitsLeftArePricedAtThePlansPricesWhileTheSubscriptionIsActive() {
		assertThat(view(null, balance("2.00")).leftText("image")).as("$2.00 at $0.25").isEqualTo("8 images left");
		assertThat(view(subscription("pro", SubscriptionStatus.ACTIVE, false), balance("2.00")).leftText("image"))
			.as("$2.00 at Pro's $0.20").isEqualTo("10 images left");
		assertThat(view(subscription("pro", SubscriptionStatus.ACTIVE, true), balance("2.00")).leftText("image"))
			.as("cancelling, still Pro until the period's end").isEqualTo("10 images left");
		assertThat(view(subscription("pro", SubscriptionStatus.PAST_DUE, false), balance("2.00")).leftText("image"))
			.as("past due: the product's own price").isEqualTo("8 images left");
		assertThat(view(subscription("studio", SubscriptionStatus.ACTIVE, false), balance("2.00")).leftText("image"))
			.as("a plan that keeps the product's price").isEqualTo("8 images left");
		assertThat(view(subscription("pro", SubscriptionStatus.ACTIVE, false), balance("2.00")).leftText("video"))
			.isEqualTo("2 videos left");
	}

	@Test
	void theSubscriptionIsReadOnlyWhenTheViewAsksAndOnce() {
		AtomicInteger reads = new AtomicInteger();
		Supplier<Subscription> subscription = () -> {
			reads.incrementAndGet();
			return subscription("pro", SubscriptionStatus.ACTIVE, false);
		};
		BalanceView view = new BalanceView("alice", () -> balance("2.00"), this.catalog, "USD", "/billing", null,
				subscription);

		assertThat(view.getBalance()).isEqualTo("$2.00");
		assertThat(view.freeText("image")).isEqualTo("0 free images");
		assertThat(reads).as("a page that shows no plan and no units left").hasValue(0);
		view.getPlanText();
		view.getPlan();
		view.leftText("image");
		assertThat(reads).hasValue(1);
	}

	@Test
	void withoutPlanPricesTheUnitsLeftReadNoSubscription() {
		Catalog withoutPrices = Catalog.builder()
			.product(Product.builder("image").unit("image", "images").price("0.25").build())
			.plan(new SubscriptionPlan("pro", null, new BigDecimal("20"), null, BillingInterval.MONTH,
					Map.of("image", new BigDecimal("200")), Map.of()))
			.build();
		AtomicInteger reads = new AtomicInteger();
		BalanceView view = new BalanceView("alice", () -> balance("1.00"), withoutPrices, "USD", "/billing", null,
				() -> {
					reads.incrementAndGet();
					return null;
				});

		assertThat(view.leftText("image")).isEqualTo("4 images left");
		assertThat(view.isBlocked()).isFalse();
		assertThat(reads).hasValue(0);
	}

	private static Map<String, BigDecimal> inOrder(String product, String units, String other, String otherUnits) {
		Map<String, BigDecimal> entitlements = new LinkedHashMap<>();
		entitlements.put(product, new BigDecimal(units));
		entitlements.put(other, new BigDecimal(otherUnits));
		return entitlements;
	}

	private BalanceView view(Subscription subscription, Balance balance) {
		return new BalanceView("alice", () -> balance, this.catalog, "USD", "/billing", null, () -> subscription);
	}

	private static Subscription subscription(String plan, SubscriptionStatus status, boolean cancelAtPeriodEnd) {
		return new Subscription(ID, "alice", plan, status, FeeSource.WALLET, null, START, END, cancelAtPeriodEnd,
				null, (status == SubscriptionStatus.PAST_DUE) ? 1 : 0, null,
				(status == SubscriptionStatus.PAST_DUE) ? "card_declined" : null, START, START,
				(status == SubscriptionStatus.CANCELED) ? START : null);
	}

	private static Balance balance(String usd, Entitlement... entitlements) {
		BigDecimal amount = new BigDecimal(usd);
		Map<String, AccountBalance> accounts = (amount.signum() == 0) ? Map.of()
				: Map.of("USD", new AccountBalance("USD", amount, BigDecimal.ZERO, amount, BigDecimal.ZERO));
		return new Balance("alice", accounts, new ArrayList<>(List.of(entitlements)));
	}

	private static Entitlement allowance(UUID subscription, String product, String units, String used) {
		return new Entitlement(UUID.randomUUID(), "alice", product, new BigDecimal(units), new BigDecimal(used),
				EntitlementPeriod.ONCE, START, START, null, END,
				Subscriptions.allowanceReference(subscription, START, product));
	}

	private static Entitlement signupAllowance(String product, String units) {
		return new Entitlement(UUID.randomUUID(), "alice", product, new BigDecimal(units), BigDecimal.ZERO,
				EntitlementPeriod.ONCE, START, START, null, null, "signup");
	}

}

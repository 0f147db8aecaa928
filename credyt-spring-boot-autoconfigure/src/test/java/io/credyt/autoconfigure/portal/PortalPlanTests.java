package io.credyt.autoconfigure.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MvcResult;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.subscription.CredytSubscriptionsAutoConfiguration;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.payment.TopUps;
import io.credyt.payment.UnknownCheckoutSessionException;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;
import io.credyt.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The portal's plan section on the real subscriptions: subscribing by card at the test
 * provider's checkout or from the balance, the plan's allowance counting down, moving up and down
 * a plan, cancelling and reactivating, a renewal that could not be paid; and a plan's checkout,
 * which is never a top-up. Plans are {@code portal-plans.yml}'s: Basic ($5), Pro ($20, 200 images,
 * then $0.20) and Business ($50). The clock stands still unless a test moves it; renewals run
 * only when a test asks.
 */
class PortalPlanTests {

	private final WebApplicationContextRunner runner = Portals.runner()
		.withConfiguration(AutoConfigurations.of(CredytSubscriptionsAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.yaml("portal-plans.yml"))
		.withPropertyValues("credyt.subscriptions.renewals-enabled=false")
		.withBean(MutableClock.class, () -> new MutableClock(Instant.parse("2027-01-01T10:00:00Z")));

	@Test
	void eachPlanIsOfferedWithItsFeeItsAllowanceAndItsPrices() {
		this.runner.run((context) -> {
			Document portal = PortalTopUpTests.openPortal(context, "alice").page("/billing/portal");
			assertThat(portal.select("#plan .plan-offer").eachAttr("data-plan")).containsExactly("basic", "pro",
					"business");
			Element pro = offer(portal, "pro");
			assertThat(pro.selectFirst(".plan-offer-name").text()).isEqualTo("Pro");
			assertThat(pro.selectFirst(".plan-offer-fee").text()).isEqualTo("$20.00 / month");
			assertThat(pro.select("li").eachText()).containsExactly("200 images included",
					"then $0.20 / image, $0.35 / image (quality: hd)");
			assertThat(offer(portal, "basic").select("li").eachText()).containsExactly("20 images included",
					"then $0.25 / image, $0.40 / image (quality: hd)");
			assertThat(pro.select("button").eachText()).containsExactly("Subscribe with card", "Pay from balance");
			assertThat(portal.selectFirst("#plan-title").text()).contains("Test mode");
		});
	}

	@Test
	void aPlanPaidByCardAtTheCheckoutStartsOnceItsPaymentIsBackAndCreditsNothing() {
		this.runner.run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			String checkout = Browser.seeOther(send(browser, browser.page("/billing/portal"), card("pro")));
			assertThat(checkout).startsWith("/billing/test-checkout?session=");
			Document form = browser.page(checkout);
			assertThat(form.selectFirst("#checkout-amount").text()).isEqualTo("$20.00");
			assertThat(form.selectFirst("#checkout-plan").text()).contains("Pro", "saved", "renewals");
			assertThat(form.selectFirst("#save-card")).as("the card is always saved").isNull();
			assertThat(subscriptions(context).subscription("alice")).get()
				.satisfies((subscription) -> assertThat(subscription.status()).isEqualTo(SubscriptionStatus.INCOMPLETE));

			String returnUrl = Browser.seeOther(PortalTopUpTests.pay(browser, checkout, TestPaymentProvider.SUCCEEDS,
					false));
			assertThat(returnUrl).startsWith("http://localhost/billing/portal/plan/return?session_id=test_cs_");
			MvcResult returned = browser.get(returnUrl);
			assertThat(Browser.seeOther(returned)).isEqualTo("/billing/portal#plan");
			Document portal = Browser.document(browser.follow(returned));

			Subscription subscription = subscriptions(context).subscription("alice").orElseThrow();
			String renews = PortalPages.date(subscription.periodEnd());
			assertThat(renews).isEqualTo("1 Feb 2027");
			assertThat(portal.selectFirst("#flash").text()).isEqualTo("You're on Pro. It renews on 1 Feb 2027.");
			assertThat(portal.selectFirst("#plan-name").text()).isEqualTo("Pro");
			assertThat(portal.selectFirst("#plan-status").text()).isEqualTo("Active");
			assertThat(portal.selectFirst("#plan-when").text()).isEqualTo("Renews 1 Feb 2027");
			assertThat(portal.selectFirst("#plan-paid-by").text()).isEqualTo("Paid by Test card ending 4242");
			assertThat(portal.select("#plan-allowances li").eachText()).containsExactly("200 of 200 images left");
			assertThat(portal.select("#plan .plan-offer")).isEmpty();
			assertThat(portal.selectFirst("#balance").text()).contains("$0.00");
			assertThat(portal.selectFirst("#payments tbody").text()).contains("Pro subscription", "$20.00",
					"Succeeded");

			Browser.seeOther(browser.get(returnUrl));
			assertThat(subscriptions(context).charges("alice")).singleElement()
				.satisfies((charge) -> assertThat(charge.amount()).isEqualByComparingTo("20.00"));
			assertThat(Portals.dollars(context, "alice")).isZero();
			assertThat(PortalTopUpTests.paidGrants(context, "alice")).isEmpty();
			assertThat(context.getBean(PaymentStore.class).paymentMethods("alice")).containsExactly("test_pm_4242");
		});
	}

	@Test
	void aPlansCheckoutSentToTheTopUpReturnCreditsNothingAndStaysThePlans() {
		this.runner.run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			String checkout = Browser.seeOther(send(browser, browser.page("/billing/portal"), card("pro")));
			String returnUrl = Browser.seeOther(PortalTopUpTests.pay(browser, checkout, TestPaymentProvider.SUCCEEDS,
					false));
			String session = returnUrl.substring(returnUrl.indexOf("session_id=") + "session_id=".length());

			MvcResult asTopUp = browser.get("/billing/portal/top-up/return?session_id=" + session);
			assertThat(asTopUp.getResponse().getStatus()).isEqualTo(404);
			assertThatExceptionOfType(UnknownCheckoutSessionException.class)
				.isThrownBy(() -> context.getBean(TopUps.class).complete(session));
			assertThat(Portals.dollars(context, "alice")).isZero();
			assertThat(PortalTopUpTests.paidGrants(context, "alice")).isEmpty();

			Browser.seeOther(browser.get(returnUrl));
			assertThat(subscriptions(context).subscription("alice")).get()
				.satisfies((subscription) -> assertThat(subscription.status()).isEqualTo(SubscriptionStatus.ACTIVE));
			assertThat(browser.get("/billing/portal/top-up/return?session_id=" + session).getResponse().getStatus())
				.isEqualTo(404);
			assertThat(Portals.dollars(context, "alice")).isZero();
			assertThat(subscriptions(context).charges("alice")).hasSize(1);
		});
	}

	@Test
	void anotherCustomersPlanReturnIsRefusedAndAnUnknownOneIsNotFound() {
		this.runner.run((context) -> {
			Browser alice = PortalTopUpTests.openPortal(context, "alice");
			String checkout = Browser.seeOther(send(alice, alice.page("/billing/portal"), card("pro")));
			String returnUrl = Browser.seeOther(PortalTopUpTests.pay(alice, checkout, TestPaymentProvider.SUCCEEDS,
					false));

			Browser bob = PortalTopUpTests.openPortal(context, "bob");
			PortalPageTests.assertUnauthorized(bob.get(returnUrl));
			assertThat(subscriptions(context).subscription("alice")).get()
				.satisfies((subscription) -> assertThat(subscription.status()).isEqualTo(SubscriptionStatus.INCOMPLETE));
			assertThat(subscriptions(context).subscription("bob")).isEmpty();

			assertThat(alice.get("/billing/portal/plan/return?session_id=test_cs_nothing").getResponse().getStatus())
				.isEqualTo(404);
			assertThat(alice.get("/billing/portal/plan/return").getResponse().getStatus()).isEqualTo(404);
			String topUp = PortalTopUpTests.startTopUp(alice, "preset", "10");
			String topUpReturn = Browser.seeOther(PortalTopUpTests.pay(alice, topUp, TestPaymentProvider.SUCCEEDS,
					false));
			String topUpSession = topUpReturn.substring(topUpReturn.indexOf("session_id=") + "session_id=".length());
			assertThat(alice.get("/billing/portal/plan/return?session_id=" + topUpSession).getResponse().getStatus())
				.as("a top-up's checkout is no plan's").isEqualTo(404);

			Browser.seeOther(alice.get(returnUrl));
			assertThat(subscriptions(context).subscription("alice")).get()
				.satisfies((subscription) -> assertThat(subscription.status()).isEqualTo(SubscriptionStatus.ACTIVE));
		});
	}

	@Test
	void aDeclinedCardShowsWhyOnTheCheckoutAndStartsNoPlan() {
		this.runner.run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			String checkout = Browser.seeOther(send(browser, browser.page("/billing/portal"), card("pro")));
			MvcResult declined = PortalTopUpTests.pay(browser, checkout, TestPaymentProvider.DECLINED, false);
			assertThat(declined.getResponse().getStatus()).isEqualTo(402);
			Document form = Browser.document(declined);
			assertThat(form.selectFirst("#checkout-error").text()).isEqualTo(TestPaymentProvider.DECLINED_REASON);
			assertThat(form.selectFirst("#checkout-cancel").attr("href"))
				.isEqualTo("http://localhost/billing/portal?plan=cancelled#plan");
			assertThat(subscriptions(context).subscription("alice").map(Subscription::active)).hasValue(false);
			assertThat(subscriptions(context).charges("alice")).isEmpty();

			Document portal = browser.page(form.selectFirst("#checkout-cancel").attr("href"));
			assertThat(portal.selectFirst("#flash").text()).isEqualTo("The payment was cancelled; nothing was charged.");
			assertThat(portal.selectFirst("#payments tbody").text()).contains("Pro subscription", "Failed",
					TestPaymentProvider.DECLINED_REASON);
			assertThat(Portals.dollars(context, "alice")).isZero();
		});
	}

	@Test
	void aPlanPaidFromTheBalanceStartsAtOnceAndAFormSentTwicePaysOnce() {
		this.runner.run((context) -> {
			fund(context, "alice", "25.00");
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			Document portal = browser.page("/billing/portal");
			MvcResult subscribed = send(browser, portal, wallet("pro"));
			Browser.seeOther(send(browser, portal, wallet("pro")));
			Document page = Browser.document(browser.follow(subscribed));
			assertThat(page.selectFirst("#flash").text()).isEqualTo("You're on Pro. It renews on 1 Feb 2027.");
			assertThat(page.selectFirst("#plan-paid-by").text()).isEqualTo("Paid from your balance");
			assertThat(page.selectFirst("#plan-status").text()).isEqualTo("Active");
			assertThat(page.select("#transactions tbody tr").first().text())
				.contains("Subscription fee", "Pro subscription", "-$20.00");
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("5.00");
			assertThat(subscriptions(context).charges("alice")).hasSize(1);
		});
	}

	@Test
	void aBalanceThatCannotPayTheFeeSaysSoAndStartsNoPlan() {
		this.runner.run((context) -> {
			fund(context, "alice", "7.50");
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			MvcResult refused = send(browser, browser.page("/billing/portal"), wallet("pro"));
			assertThat(Browser.seeOther(refused)).isEqualTo("/billing/portal#plan");
			Document portal = Browser.document(browser.follow(refused));
			assertThat(portal.selectFirst("#error").text())
				.isEqualTo("Your balance does not cover the $20.00 fee: $7.50 is available. Add funds, or pay by card.");
			assertThat(portal.select("#plan .plan-offer")).hasSize(3);
			assertThat(subscriptions(context).subscription("alice")).isEmpty();
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("7.50");
		});
	}

	@Test
	void theAllowanceIsUsedBeforeMoneyAndCountsDown() {
		this.runner.run((context) -> {
			fund(context, "alice", "20.00");
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			Browser.seeOther(send(browser, browser.page("/billing/portal"), wallet("pro")));
			// the plan's allowance, which lapses at the period's end, goes before the sign-up's free
			// images, which do not
			context.getBean(Ledger.class).record(UsageEvent.of("image-1", "alice", "image", 1));
			Document portal = browser.page("/billing/portal");
			assertThat(portal.select("#plan-allowances li").eachText()).containsExactly("199 of 200 images left");
			assertThat(portal.select("#usage tbody tr").first().text()).contains("Included");
			assertThat(Portals.dollars(context, "alice")).isZero();
		});
	}

	@Test
	void cancellingKeepsThePlanToThePeriodsEndAndReactivatingUndoesIt() {
		this.runner.run((context) -> {
			fund(context, "alice", "20.00");
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			Browser.seeOther(send(browser, browser.page("/billing/portal"), wallet("pro")));
			Document active = browser.page("/billing/portal");
			assertThat(active.selectFirst("#plan-cancel-form").text())
				.contains("It stays active until 1 Feb 2027; nothing more is charged.");
			assertThat(active.selectFirst("#plan-reactivate")).isNull();

			Document cancelled = Browser.document(browser.follow(send(browser, active, "#plan-cancel-form")));
			assertThat(cancelled.selectFirst("#flash").text())
				.isEqualTo("Your Pro subscription ends on 1 Feb 2027. Nothing more is charged.");
			assertThat(cancelled.selectFirst("#plan-status").text()).isEqualTo("Cancelling");
			assertThat(cancelled.selectFirst("#plan-when").text()).isEqualTo("Ends 1 Feb 2027");
			assertThat(cancelled.selectFirst("#plan-cancel-form")).isNull();
			assertThat(cancelled.selectFirst("#plan-changes")).isNull();
			assertThat(subscriptions(context).subscription("alice").orElseThrow().cancelAtPeriodEnd()).isTrue();

			Document reactivated = Browser.document(browser.follow(send(browser, cancelled, "#plan-reactivate-form")));
			assertThat(reactivated.selectFirst("#flash").text()).isEqualTo("You stay on Pro. It renews on 1 Feb 2027.");
			assertThat(reactivated.selectFirst("#plan-status").text()).isEqualTo("Active");
			assertThat(reactivated.selectFirst("#plan-when").text()).isEqualTo("Renews 1 Feb 2027");
			assertThat(subscriptions(context).subscription("alice").orElseThrow().cancelAtPeriodEnd()).isFalse();
			assertThat(subscriptions(context).charges("alice")).hasSize(1);
		});
	}

	@Test
	void aDearerPlanStartsAtOnceWithTheUnusedFeeCreditedAndACheaperOneAtThePeriodsEnd() {
		this.runner.run((context) -> {
			fund(context, "alice", "100.00");
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			Browser.seeOther(send(browser, browser.page("/billing/portal"), wallet("pro")));
			Document pro = browser.page("/billing/portal");
			assertThat(pro.select("#plan-changes .plan-change").eachAttr("data-plan")).containsExactly("basic",
					"business");
			assertThat(change(pro, "business").text()).contains("Business", "$50.00 / month",
					"Starts now: the unused part of this period's $20.00 fee is credited to your balance, and $50.00 is paid from your balance.",
					"Upgrade to Business");
			assertThat(change(pro, "basic").text()).contains("Basic", "$5.00 / month",
					"Starts on 1 Feb 2027, when this period ends; nothing is charged until then.", "Switch to Basic");

			// half of the 31 days of the Pro period: half of its fee comes back
			context.getBean(MutableClock.class).advance(Duration.ofHours(31 * 12));
			Document business = Browser.document(browser.follow(send(browser, pro, changeForm("business"))));
			assertThat(business.selectFirst("#flash").text())
				.isEqualTo("You're on Business now. It renews on 16 Feb 2027.");
			assertThat(business.selectFirst("#plan-name").text()).isEqualTo("Business");
			assertThat(business.select("#plan-allowances li").eachText()).containsExactly("1000 of 1000 images left");
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("40.00");
			assertThat(business.select("#transactions tbody tr").eachText()).anySatisfy((row) -> assertThat(row)
				.contains("Plan change credit", "Unused part of the Pro fee", "+$10.00"));

			Document downgrading = Browser.document(browser.follow(send(browser, business, changeForm("basic"))));
			assertThat(downgrading.selectFirst("#flash").text())
				.isEqualTo("You move to Basic on " + PortalPages.date(period(context, "alice")) + ", when this period ends.");
			assertThat(downgrading.selectFirst("#plan-name").text()).isEqualTo("Business");
			assertThat(downgrading.selectFirst("#plan-next").text()).startsWith("Moves to Basic on ");
			assertThat(downgrading.selectFirst("#plan-reactivate").text()).isEqualTo("Keep Business");
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("40.00");

			Document kept = Browser.document(browser.follow(send(browser, downgrading, "#plan-reactivate-form")));
			assertThat(kept.selectFirst("#plan-next")).isNull();
			assertThat(subscriptions(context).subscription("alice").orElseThrow().nextPlan()).isNull();
		});
	}

	@Test
	void aRenewalTheBalanceCannotPayShowsPastDueWithTheReasonAndTheNextAttempt() {
		this.runner.run((context) -> {
			fund(context, "alice", "20.00");
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			Browser.seeOther(send(browser, browser.page("/billing/portal"), wallet("pro")));
			context.getBean(MutableClock.class).set(period(context, "alice").plus(Duration.ofMinutes(1)));
			subscriptions(context).renewDue(10);
			Subscription pastDue = subscriptions(context).subscription("alice").orElseThrow();
			assertThat(pastDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);

			Document portal = browser.page("/billing/portal");
			assertThat(portal.selectFirst("#plan-status").text()).isEqualTo("Past due");
			assertThat(portal.selectFirst("#plan-failure-reason").text()).isEqualTo(pastDue.lastFailureReason());
			assertThat(portal.selectFirst("#plan-next-attempt").text()).isEqualTo("Next attempt 2 Feb 2027, 10:00 UTC.");
			assertThat(portal.select("#plan-allowances li")).isEmpty();
			assertThat(portal.selectFirst("#plan-changes")).isNull();
			assertThat(portal.selectFirst("#plan-cancel-form").text()).contains("It ends now");

			Document ended = Browser.document(browser.follow(send(browser, portal, "#plan-cancel-form")));
			assertThat(ended.selectFirst("#flash").text()).isEqualTo("Your Pro subscription has ended.");
			assertThat(ended.selectFirst("#plan-ended").text()).startsWith("Your Pro subscription ended on ");
			assertThat(ended.select("#plan .plan-offer")).hasSize(3);
		});
	}

	@Test
	void anotherCustomersSubscriptionAndAnUnknownPlanAreNotFoundAndChangeNothing() {
		this.runner.run((context) -> {
			fund(context, "bob", "20.00");
			Subscription bobs = subscriptions(context).subscribeWithWallet("bob", "pro", "bob-pro");
			fund(context, "alice", "20.00");
			Browser alice = PortalTopUpTests.openPortal(context, "alice");
			for (String action : List.of("cancel", "reactivate")) {
				MvcResult refused = alice.post("/billing/portal/plan/" + action, "subscription", bobs.id().toString());
				assertThat(refused.getResponse().getStatus()).isEqualTo(404);
				assertThat(refused.getResponse().getContentAsString()).doesNotContain("bob");
			}
			assertThat(alice.post("/billing/portal/plan/change", "subscription", bobs.id().toString(), "plan", "basic")
				.getResponse()
				.getStatus()).isEqualTo(404);
			assertThat(alice.post("/billing/portal/plan/wallet", "plan", "platinum").getResponse().getStatus())
				.isEqualTo(404);
			assertThat(alice.post("/billing/portal/plan/checkout", "plan", "platinum").getResponse().getStatus())
				.isEqualTo(404);
			Subscription after = subscriptions(context).subscription("bob").orElseThrow();
			assertThat(after.cancelAtPeriodEnd()).isFalse();
			assertThat(after.nextPlan()).isNull();
			assertThat(subscriptions(context).subscription("alice")).isEmpty();
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("20.00");
		});
	}

	@Test
	void aChangeTheSubscriptionsStateNoLongerAllowsSaysNothingWasChanged() {
		this.runner.run((context) -> {
			fund(context, "alice", "40.00");
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			Document offers = browser.page("/billing/portal");
			browser.follow(send(browser, offers, wallet("pro")));
			// the same page, open in another tab, asks for a second plan
			MvcResult again = send(browser, offers, wallet("basic"));
			Document portal = Browser.document(browser.follow(again));
			assertThat(portal.selectFirst("#error").text()).isEqualTo("Nothing was changed: your subscription is active.");
			assertThat(portal.selectFirst("#plan-name").text()).isEqualTo("Pro");
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("20.00");
		});
	}

	private static Subscriptions subscriptions(ApplicationContext context) {
		return context.getBean(Subscriptions.class);
	}

	private static Instant period(ApplicationContext context, String customer) {
		return subscriptions(context).subscription(customer).orElseThrow().periodEnd();
	}

	private static void fund(ApplicationContext context, String customer, String dollars) {
		context.getBean(Ledger.class)
			.topUp(customer, TopUpRequest.of("funding-" + customer + "-" + dollars, dollars, "USD", "USD"));
	}

	private static Element offer(Document portal, String plan) {
		return portal.selectFirst("#plan .plan-offer[data-plan=" + plan + "]");
	}

	private static Element change(Document portal, String plan) {
		return portal.selectFirst(changeForm(plan));
	}

	private static String card(String plan) {
		return "#plan .plan-offer[data-plan=" + plan + "] .plan-card-form";
	}

	private static String wallet(String plan) {
		return "#plan .plan-offer[data-plan=" + plan + "] .plan-wallet-form";
	}

	private static String changeForm(String plan) {
		return "#plan-changes .plan-change[data-plan=" + plan + "]";
	}

	/**
	 * Sends a form of a page as the page rendered it: its action and its hidden fields (the
	 * subscription, the plan, the idempotency key).
	 */
	static MvcResult send(Browser browser, Document page, String formSelector) throws Exception {
		Element form = page.selectFirst(formSelector);
		assertThat(form).as("form %s", formSelector).isNotNull();
		List<String> fields = new ArrayList<>();
		for (Element hidden : form.select("input[type=hidden]")) {
			fields.add(hidden.attr("name"));
			fields.add(hidden.val());
		}
		return browser.post(form.attr("action"), fields.toArray(String[]::new));
	}

}

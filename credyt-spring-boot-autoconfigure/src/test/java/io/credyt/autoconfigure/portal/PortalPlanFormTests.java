package io.credyt.autoconfigure.portal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jsoup.nodes.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.credyt.catalog.BillingInterval;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.catalog.UnknownPlanException;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.Checkout;
import io.credyt.subscription.FeeSource;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionCharge;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.SubscriptionSummary;
import io.credyt.subscription.Subscriptions;
import io.credyt.subscription.UnknownSubscriptionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * The web side of the portal's plan section, on a stand-in {@link Subscriptions} that records what
 * it is asked: the forms need the CSRF token, a form naming no subscription, or something that is
 * no subscription id, gets the 404 page and asks nothing, a plan's name and a failure reason are
 * escaped. What subscribing and changing a plan do is {@link PortalPlanTests}'s, on the real
 * service.
 */
class PortalPlanFormTests {

	private final WebApplicationContextRunner runner = Portals.runner()
		.withBean(StandInSubscriptions.class, StandInSubscriptions::new);

	@Test
	void thePlanFormsNeedTheCsrfTokenTheyCarry() {
		this.runner
			.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
					UserDetailsServiceAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
			.withUserConfiguration(PortalSecurityTests.AppSecurity.class)
			.run((context) -> {
				StandInSubscriptions subscriptions = context.getBean(StandInSubscriptions.class);
				Browser browser = new Browser(MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
					.apply(springSecurity())
					.build());
				browser.get(Portals.link(context, "alice"));
				Document portal = browser.page("/billing/portal");
				String csrf = portal.selectFirst("#plan .plan-wallet-form input[name=_csrf]").val();
				assertThat(csrf).isNotBlank();
				assertThat(portal.selectFirst("#plan .plan-card-form input[name=_csrf]").val()).isEqualTo(csrf);

				assertThat(browser.post("/billing/portal/plan/wallet", "plan", "pro").getResponse().getStatus())
					.isEqualTo(403);
				assertThat(browser.post("/billing/portal/plan/wallet", "plan", "pro", "_csrf", "forged")
					.getResponse()
					.getStatus()).isEqualTo(403);
				assertThat(subscriptions.calls).isEmpty();

				Browser.seeOther(browser.post("/billing/portal/plan/wallet", "plan", "pro", "_csrf", csrf));
				assertThat(subscriptions.calls).containsExactly("subscribeWithWallet alice pro");

				Document subscribed = browser.page("/billing/portal");
				String id = subscribed.selectFirst("#plan-cancel-form input[name=subscription]").val();
				assertThat(browser.post("/billing/portal/plan/cancel", "subscription", id).getResponse().getStatus())
					.isEqualTo(403);
				assertThat(subscriptions.calls).hasSize(1);
				Browser.seeOther(browser.post("/billing/portal/plan/cancel", "subscription", id, "_csrf",
						subscribed.selectFirst("#plan-cancel-form input[name=_csrf]").val()));
				assertThat(subscriptions.calls).last().isEqualTo("cancel alice " + id);
			});
	}

	@Test
	void aFormNamingNoSubscriptionOrSomethingThatIsNoIdGetsTheNotFoundPageAndAsksNothing() {
		this.runner.run((context) -> {
			StandInSubscriptions subscriptions = context.getBean(StandInSubscriptions.class);
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			for (String action : List.of("cancel", "reactivate", "change")) {
				for (String id : List.of("", "nope", "../alice", "1-2-3-4-5", UUID.randomUUID() + "0", " ")) {
					assertNotFound(browser.post("/billing/portal/plan/" + action, "subscription", id, "plan", "pro"));
				}
				assertNotFound(browser.post("/billing/portal/plan/" + action, "plan", "pro"));
			}
			assertNotFound(browser.post("/billing/portal/plan/wallet"));
			assertNotFound(browser.post("/billing/portal/plan/checkout", "plan", ""));
			assertThat(subscriptions.calls).isEmpty();
		});
	}

	@Test
	void anotherCustomersSubscriptionAndAnUnknownPlanGetTheNotFoundPage() {
		this.runner.run((context) -> {
			StandInSubscriptions subscriptions = context.getBean(StandInSubscriptions.class);
			Subscription bobs = subscriptions.subscribeWithWallet("bob", "pro", "bob-1");
			Browser alice = PortalTopUpTests.openPortal(context, "alice");
			for (String action : List.of("cancel", "reactivate")) {
				MvcResult refused = alice.post("/billing/portal/plan/" + action, "subscription", bobs.id().toString());
				assertNotFound(refused);
				assertThat(refused.getResponse().getContentAsString()).doesNotContain("bob");
			}
			assertNotFound(alice.post("/billing/portal/plan/wallet", "plan", "platinum"));
			assertThat(subscriptions.subscription("bob")).get()
				.satisfies((subscription) -> assertThat(subscription.cancelAtPeriodEnd()).isFalse());
		});
	}

	@Test
	void aPlansNameAndAFailureReasonAreEscaped() {
		this.runner.run((context) -> {
			StandInSubscriptions subscriptions = context.getBean(StandInSubscriptions.class);
			subscriptions.plan = new SubscriptionPlan("pro", "<script>alert('plan')</script>", new BigDecimal("20.00"),
					"USD", BillingInterval.MONTH, Map.of("image", new BigDecimal("200")), Map.of());
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			MvcResult offered = browser.get("/billing/portal");
			assertThat(offered.getResponse().getContentAsString()).doesNotContain("<script>alert")
				.contains("&lt;script&gt;alert(&#39;plan&#39;)&lt;/script&gt;");

			subscriptions.subscribeWithWallet("alice", "pro", "alice-1");
			subscriptions.pastDue("alice", "<img src=x onerror=alert('reason')>");
			MvcResult pastDue = browser.get("/billing/portal");
			String html = pastDue.getResponse().getContentAsString();
			assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
			Document page = Browser.document(pastDue);
			assertThat(page.selectFirst("#plan-name").text()).isEqualTo("<script>alert('plan')</script>");
			assertThat(page.selectFirst("#plan-failure-reason").text()).isEqualTo("<img src=x onerror=alert('reason')>");
			assertThat(page.select("#plan script, #plan img")).isEmpty();
		});
	}

	@Test
	void withoutAPaymentProviderOnlyTheBalanceCanPayAPlan() {
		Portals.minimal().withBean(StandInSubscriptions.class, StandInSubscriptions::new).run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			Document portal = browser.page("/billing/portal");
			assertThat(portal.select("#plan .plan-wallet-form")).hasSize(1);
			assertThat(portal.select("#plan .plan-card-form")).isEmpty();
			assertNotFound(browser.post("/billing/portal/plan/checkout", "plan", "pro"));
			assertThat(context.getBean(StandInSubscriptions.class).calls).isEmpty();
		});
	}

	@Test
	void thereIsNoPlanSectionWithoutSubscriptions() {
		Portals.runner().run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			assertThat(browser.page("/billing/portal").selectFirst("#plan")).isNull();
			assertNotFound(browser.post("/billing/portal/plan/wallet", "plan", "pro"));
			assertNotFound(browser.get("/billing/portal/plan/return?session_id=test_cs_1"));
		});
	}

	private static void assertNotFound(MvcResult result) throws Exception {
		assertThat(result.getResponse().getStatus()).isEqualTo(404);
		assertThat(Browser.document(result).selectFirst("#portal-not-found")).isNotNull();
	}

	/**
	 * Stands in for the subscriptions: one plan, a subscription per customer, paid from the wallet
	 * without looking at it; records each change asked for.
	 */
	static final class StandInSubscriptions implements Subscriptions {

		final List<String> calls = new CopyOnWriteArrayList<>();

		private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

		volatile SubscriptionPlan plan = new SubscriptionPlan("pro", "Pro", new BigDecimal("20.00"), "USD",
				BillingInterval.MONTH, Map.of("image", new BigDecimal("200")), Map.of());

		void pastDue(String customer, String reason) {
			Subscription current = this.subscriptions.get(customer);
			this.subscriptions.put(customer, new Subscription(current.id(), customer, current.plan(),
					SubscriptionStatus.PAST_DUE, current.source(), null, current.periodStart(), current.periodEnd(),
					false, null, 1, current.periodEnd(), reason, current.createdAt(), Instant.now(), null));
		}

		@Override
		public List<SubscriptionPlan> plans() {
			return List.of(this.plan);
		}

		@Override
		public Optional<Subscription> subscription(String customer) {
			return Optional.ofNullable(this.subscriptions.get(customer));
		}

		@Override
		public Subscription subscribeWithWallet(String customer, String plan, String idempotencyKey) {
			if (!plan.equals(this.plan.code())) {
				throw new UnknownPlanException(plan);
			}
			this.calls.add("subscribeWithWallet " + customer + " " + plan);
			Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
			Subscription subscription = new Subscription(UUID.randomUUID(), customer, plan, SubscriptionStatus.ACTIVE,
					FeeSource.WALLET, null, now, now.plus(30, ChronoUnit.DAYS), false, null, 0, null, null, now, now,
					null);
			this.subscriptions.put(customer, subscription);
			return subscription;
		}

		@Override
		public Checkout startCheckout(String customer, String plan, String successUrl, String cancelUrl,
				String idempotencyKey) {
			this.calls.add("startCheckout " + customer + " " + plan);
			throw new UnsupportedOperationException("no checkout here");
		}

		@Override
		public Subscription completeCheckout(String sessionId) {
			throw new UnsupportedOperationException("no checkout here");
		}

		@Override
		public boolean isSubscriptionCheckout(String sessionId) {
			return false;
		}

		@Override
		public Subscription changePlan(String customer, UUID subscriptionId, String plan, String idempotencyKey) {
			owned(customer, subscriptionId);
			this.calls.add("changePlan " + customer + " " + subscriptionId + " " + plan);
			throw new UnknownPlanException(plan);
		}

		@Override
		public Subscription cancel(String customer, UUID subscriptionId, String idempotencyKey) {
			Subscription current = owned(customer, subscriptionId);
			this.calls.add("cancel " + customer + " " + subscriptionId);
			Subscription cancelled = new Subscription(current.id(), customer, current.plan(), current.status(),
					current.source(), null, current.periodStart(), current.periodEnd(), true, null, 0, null, null,
					current.createdAt(), Instant.now(), null);
			this.subscriptions.put(customer, cancelled);
			return cancelled;
		}

		@Override
		public Subscription reactivate(String customer, UUID subscriptionId, String idempotencyKey) {
			Subscription current = owned(customer, subscriptionId);
			this.calls.add("reactivate " + customer + " " + subscriptionId);
			return current;
		}

		private Subscription owned(String customer, UUID subscriptionId) {
			@Nullable Subscription current = this.subscriptions.get(customer);
			if (current == null || !current.id().equals(subscriptionId)) {
				throw new UnknownSubscriptionException(customer);
			}
			return current;
		}

		@Override
		public int renewDue(int limit) {
			return 0;
		}

		@Override
		public List<SubscriptionCharge> charges(String customer) {
			return List.of();
		}

		@Override
		public Page<Subscription> subscriptions(@Nullable SubscriptionStatus status, PageRequest page) {
			throw new UnsupportedOperationException("not listed here");
		}

		@Override
		public SubscriptionSummary summary() {
			throw new UnsupportedOperationException("not summed up here");
		}

	}

}

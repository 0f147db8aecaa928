package io.credyt.autoconfigure.admin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.util.UriUtils;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.subscription.CredytSubscriptionsAutoConfiguration;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;
import io.credyt.testing.MutableClock;

import static io.credyt.autoconfigure.admin.AdminContexts.element;
import static io.credyt.autoconfigure.admin.AdminContexts.mvc;
import static io.credyt.autoconfigure.admin.AdminContexts.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The dashboard's subscriptions page and a customer's subscription card, from the auto-configured
 * subscriptions on H2 with the Pro plan ($20 a month, 200 images): the counts, the
 * monthly recurring revenue, the list filtered by status, a past-due subscription's failure, and
 * the fees each customer's subscription collected. Operators only; everything escaped.
 */
class AdminSubscriptionsTests {

	private static final String EVIL = "<img src=x onerror=alert(1)>eve";

	private static final String ESCAPED = "&lt;img src=x onerror=alert(1)&gt;eve";

	private static final String EVIL_PATH = "/billing/admin/customers/"
			+ UriUtils.encodePathSegment(EVIL, StandardCharsets.UTF_8);

	private final WebApplicationContextRunner runner = AdminContexts.runner()
		.withConfiguration(AutoConfigurations.of(CredytSubscriptionsAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.yaml("plans-example.yml"))
		.withPropertyValues("credyt.subscriptions.renewals-enabled=false");

	@Test
	void thePageCountsTheSubscriptionsByStatusWithTheMonthlyRecurringRevenueAndListsThemAll() {
		this.runner.run((context) -> {
			fiveSubscribers(context);
			String page = page(context, "/billing/admin/subscriptions");

			assertThat(element(page, "count-active")).contains(">3<");
			assertThat(element(page, "count-cancelling")).contains(">1<");
			assertThat(element(page, "count-past-due")).contains(">1<");
			assertThat(element(page, "count-canceled")).contains(">1<");
			assertThat(element(page, "mrr-USD")).as("three active Pro subscriptions").contains(">$60.00<");
			List<String> rows = rows(element(page, "subscriptions"));
			assertThat(rows).hasSize(5);
			assertThat(rows).allSatisfy((row) -> assertThat(row).contains("Pro").contains("pro"));
			String carol = row(rows, ">carol<");
			assertThat(carol).contains("Past due").contains("class=\"num failed-attempts\">1<");
			assertThat(withClass(carol, "failure-reason")).doesNotContain(">—<");
			assertThat(row(rows, ">frank<")).contains("Cancelling").contains(">Ends<");
			assertThat(row(rows, ">alice<")).contains("Active").contains(">Renews<")
				.contains("href=\"/billing/admin/customers/alice\"");
			assertThat(row(rows, ">bob<")).contains("Canceled");
			assertThat(page).contains(ESCAPED).doesNotContain("<img").contains("href=\"" + EVIL_PATH + "\"");
			assertThat(element(page, "nav-subscriptions")).contains("href=\"/billing/admin/subscriptions\"")
				.contains("active");
			assertThat(element(page(context, "/billing/admin"), "nav-subscriptions"))
				.as("every page of the dashboard links to it").doesNotContain("active");
		});
	}

	@Test
	void theListIsFilteredByStatusAndPaged() {
		this.runner.withPropertyValues("credyt.admin.page-size=2").run((context) -> {
			fiveSubscribers(context);

			assertThat(rows(element(page(context, "/billing/admin/subscriptions?status=past-due"), "subscriptions")))
				.singleElement().asString().contains(">carol<");
			assertThat(rows(element(page(context, "/billing/admin/subscriptions?status=cancelling"), "subscriptions")))
				.singleElement().asString().contains(">frank<");
			assertThat(rows(element(page(context, "/billing/admin/subscriptions?status=active"), "subscriptions")))
				.hasSize(2);
			String secondPage = page(context, "/billing/admin/subscriptions?status=active&page=2");
			assertThat(rows(element(secondPage, "subscriptions"))).hasSize(1);
			assertThat(element(secondPage, "previous-page"))
				.contains("href=\"/billing/admin/subscriptions?status=active\"");
			assertThat(element(page(context, "/billing/admin/subscriptions?status=canceled"), "filter-status"))
				.containsPattern("value=\"canceled\"\\s+selected=\"selected\"");
			for (String[] bad : new String[][] { { "status", "<script>" }, { "page", "0" }, { "page", "x" } }) {
				mvc(context)
					.perform(get("/billing/admin/subscriptions").param(bad[0], bad[1]).with(AdminDashboardTests.admin()))
					.andExpect(status().isBadRequest());
			}
		});
	}

	@Test
	void theCustomerPageShowsTheSubscriptionAndTheFeesItCollected() {
		this.runner.run((context) -> {
			fiveSubscribers(context);

			String alice = page(context, "/billing/admin/customers/alice");
			String card = element(alice, "subscription");
			assertThat(card).contains("Active").contains("Pro").contains("WALLET").contains(">Renews<");
			List<String> charges = rows(element(alice, "subscription-charges"));
			assertThat(charges).hasSize(2);
			assertThat(charges.get(0)).as("newest first").contains("RENEWAL").contains("$20.00");
			assertThat(charges.get(1)).contains("FIRST").contains("$20.00");
			String carol = element(page(context, "/billing/admin/customers/carol"), "subscription");
			assertThat(carol).contains("Past due").contains("class=\"failed-attempts\">1<");
			assertThat(element(page(context, "/billing/admin/customers/frank"), "subscription")).contains("Cancelling")
				.contains(">Ends<");
			String eve = page(context, EVIL_PATH);
			assertThat(element(eve, "customer-id")).contains(ESCAPED);
			assertThat(element(eve, "subscription")).contains("Active");
			assertThat(eve).doesNotContain("<img");
			context.getBean(Ledger.class).grant("dave", GrantRequest.paid("USD", "1.00"));
			assertThat(element(page(context, "/billing/admin/customers/dave"), "subscription"))
				.contains("Never subscribed.");
		});
	}

	@Test
	void profitabilityShowsTheSubscriptionFeesApartFromUsage() {
		this.runner.run((context) -> {
			fiveSubscribers(context);

			String page = page(context, "/billing/admin/profitability?days=90");

			assertThat(page).contains("Subscription fees");
			assertThat(withClass(row(rows(element(page, "profitability")), ">alice<"), "subscription-revenue"))
				.contains(">$40.00<");
			assertThat(element(page, "profitability-totals")).contains("$140.00");
			String csv = mvc(context)
				.perform(get("/billing/admin/profitability.csv").param("days", "90").with(AdminDashboardTests.admin()))
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(csv).contains("\"alice\",0,0.00,40.00,").contains("\"TOTAL\",0,0.00,140.00,");
		});
	}

	@Test
	void onlyOperatorsSeeThePage() {
		this.runner.run((context) -> {
			fiveSubscribers(context);
			String denied = mvc(context)
				.perform(get("/billing/admin/subscriptions").with(user("mallory").roles("USER")))
				.andExpect(status().isForbidden())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(denied).doesNotContain("carol").doesNotContain("$60.00");
			mvc(context).perform(get("/billing/admin/subscriptions")).andExpect(status().is3xxRedirection());
		});
	}

	@Test
	void thePageFollowsTheDashboardsPath() {
		this.runner.withPropertyValues("credyt.admin.path=/ops/billing").run((context) -> {
			fiveSubscribers(context);
			String page = page(context, "/ops/billing/subscriptions");
			assertThat(element(page, "nav-subscriptions")).contains("href=\"/ops/billing/subscriptions\"");
			assertThat(row(rows(element(page, "subscriptions")), ">alice<"))
				.contains("href=\"/ops/billing/customers/alice\"");
		});
	}

	@Test
	void withoutPlansThereIsNoSubscriptionsPageAndNoLinkToIt() {
		AdminContexts.runner()
			.withConfiguration(AutoConfigurations.of(CredytSubscriptionsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(Subscriptions.class)
					.doesNotHaveBean(CredytSubscriptionsAdminController.class);
				assertThat(page(context, "/billing/admin")).doesNotContain("nav-subscriptions");
				context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "1.00"));
				assertThat(page(context, "/billing/admin/customers/alice")).doesNotContain("id=\"subscription\"");
				mvc(context).perform(get("/billing/admin/subscriptions").with(AdminDashboardTests.admin()))
					.andExpect(status().isNotFound());
			});
	}

	/**
	 * alice renews, bob cancelled and ended, carol's renewal could not be paid, eve (whose id is
	 * markup) renews, and frank, who subscribed after the renewals, cancelled.
	 */
	private static void fiveSubscribers(AssertableWebApplicationContext context) {
		Ledger ledger = context.getBean(Ledger.class);
		Subscriptions subscriptions = context.getBean(Subscriptions.class);
		for (String customer : List.of("alice", "bob", EVIL)) {
			ledger.grant(customer, GrantRequest.paid("USD", "50.00"));
		}
		ledger.grant("carol", GrantRequest.paid("USD", "20.00"));
		for (String customer : List.of("alice", "bob", "carol", EVIL)) {
			subscriptions.subscribeWithWallet(customer, "pro", "subscribe-" + customer);
		}
		Subscription bob = subscriptions.subscription("bob").orElseThrow();
		subscriptions.cancel("bob", bob.id(), "cancel-bob");
		context.getBean(MutableClock.class).set(bob.periodEnd().plus(Duration.ofMinutes(1)));
		subscriptions.renewDue(10);
		assertThat(subscriptions.subscription("carol").orElseThrow().status()).isEqualTo(SubscriptionStatus.PAST_DUE);
		ledger.grant("frank", GrantRequest.paid("USD", "20.00"));
		Subscription frank = subscriptions.subscribeWithWallet("frank", "pro", "subscribe-frank");
		subscriptions.cancel("frank", frank.id(), "cancel-frank");
	}

	private static String row(List<String> rows, String text) {
		return rows.stream().filter((row) -> row.contains(text)).findFirst().orElseThrow(
				() -> new AssertionError("no row with " + text));
	}

	/** The first element with the given class, up to its end tag. */
	private static String withClass(String html, String className) {
		Matcher element = Pattern.compile("<(\\w+)[^>]*\\bclass=\"(?:[^\"]* )?" + Pattern.quote(className)
				+ "(?: [^\"]*)?\"[^>]*>.*?</\\1>", Pattern.DOTALL).matcher(html);
		assertThat(element.find()).as("an element of class %s", className).isTrue();
		return element.group();
	}

	private static String page(AssertableWebApplicationContext context, String url) throws Exception {
		return mvc(context).perform(get(URI.create(url)).with(AdminDashboardTests.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}

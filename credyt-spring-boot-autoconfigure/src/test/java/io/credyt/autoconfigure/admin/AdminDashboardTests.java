package io.credyt.autoconfigure.admin;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;
import io.credyt.payment.AutoTopUpSettings;
import io.credyt.payment.AutoTopUps;
import io.credyt.payment.Checkout;
import io.credyt.payment.PaymentDeclinedException;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.payment.TopUps;
import io.credyt.testing.MutableClock;

import static io.credyt.autoconfigure.admin.AdminContexts.element;
import static io.credyt.autoconfigure.admin.AdminContexts.mvc;
import static io.credyt.autoconfigure.admin.AdminContexts.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What an operator sees on the dashboard: customers with their balances, a customer's whole
 * billing picture, every charge and every top-up, each a page at a time.
 */
class AdminDashboardTests {

	private static final Map<String, String> HD = Map.of("quality", "hd");

	@Test
	void theCustomerListShowsEachCustomersBalanceAndSpendThisMonthNewestFirst() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			MutableClock clock = context.getBean(MutableClock.class);
			ledger.grant("alice", GrantRequest.paid("USD", "10.00"));
			clock.advance(Duration.ofMinutes(1));
			ledger.record(UsageEvent.of("alice-1", "alice", "image", 1));
			ledger.authorize(AuthorizationRequest.of("alice", "image").dimensions(HD));
			clock.advance(Duration.ofMinutes(1));
			ledger.grant("bob", GrantRequest.paid("USD", "3.00"));

			String page = page(context, get("/billing/admin"));

			List<String> rows = rows(element(page, "customers"));
			assertThat(rows).hasSize(2);
			assertThat(rows.get(0)).contains(">bob<").contains("$3.00");
			String alice = rows.get(1);
			assertThat(alice).contains("href=\"/billing/admin/customers/alice\"")
				.contains("<td class=\"num available\">$9.35</td>")
				.contains("<td class=\"num posted\">$9.75</td>")
				.contains("<td class=\"num held\">$0.40</td>")
				.contains("<td class=\"num spend\">$0.25</td>")
				.contains("2025-03-15 12:00:00 UTC")
				.contains("2025-03-15 12:01:00 UTC");
			assertThat(page).contains("id=\"customer-search\"").contains("Balances and spend in <span>USD</span>");
		});
	}

	@Test
	void customersAreFoundByAnyPartOfTheirExternalIdIgnoringCase() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.customer("alice@example.com");
			ledger.customer("bob@example.com");
			ledger.customer("malice");

			String page = page(context, get("/billing/admin").param("q", "ALIC"));

			List<String> rows = rows(element(page, "customers"));
			assertThat(rows).hasSize(2);
			assertThat(String.join("", rows)).contains(">alice@example.com<").contains(">malice<").doesNotContain("bob");
			assertThat(element(page, "customer-search")).contains("value=\"ALIC\"");
			assertThat(rows(element(page(context, get("/billing/admin").param("q", "nobody")), "customers")))
				.singleElement()
				.asString()
				.contains("No customer id contains");
		});
	}

	@Test
	void columnHeadersSortTheListAndClickingTheSortedOneReversesIt() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			MutableClock clock = context.getBean(MutableClock.class);
			ledger.grant("carol", GrantRequest.paid("USD", "5.00"));
			clock.advance(Duration.ofMinutes(1));
			ledger.grant("alice", GrantRequest.paid("USD", "1.00"));
			clock.advance(Duration.ofMinutes(1));
			ledger.grant("bob", GrantRequest.paid("USD", "9.00"));
			ledger.record(UsageEvent.of("bob-1", "bob", "video", 2));

			String byDefault = page(context, get("/billing/admin"));
			assertThat(customerIds(byDefault)).containsExactly("bob", "alice", "carol");
			assertThat(element(byDefault, "sort-available")).contains("sort=available&amp;dir=desc");
			assertThat(element(byDefault, "sort-external-id")).contains("sort=external-id&amp;dir=asc");
			assertThat(element(byDefault, "sort-created")).contains("sort=created&amp;dir=asc");

			String byAvailable = page(context, get("/billing/admin").param("sort", "available").param("dir", "desc"));
			assertThat(customerIds(byAvailable)).containsExactly("bob", "carol", "alice");
			assertThat(element(byAvailable, "sort-available")).contains("sort=available&amp;dir=asc").contains("↓");
			assertThat(byAvailable).contains("aria-sort=\"descending\"");
			assertThat(customerIds(page(context, get("/billing/admin").param("sort", "available").param("dir", "asc"))))
				.containsExactly("alice", "carol", "bob");
			assertThat(customerIds(page(context, get("/billing/admin").param("sort", "external-id").param("dir", "asc"))))
				.containsExactly("alice", "bob", "carol");
			assertThat(customerIds(
					page(context, get("/billing/admin").param("sort", "spend-this-month").param("dir", "desc"))))
				.containsExactly("bob", "alice", "carol");
			assertThat(customerIds(page(context, get("/billing/admin").param("sort", "created").param("dir", "asc"))))
				.containsExactly("carol", "alice", "bob");
		});
	}

	@Test
	void theCustomerListIsPagedWithNextAndPreviousLinksThatKeepTheSearchAndOrder() {
		AdminContexts.runner().withPropertyValues("credyt.admin.page-size=2").run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			for (int i = 1; i <= 5; i++) {
				ledger.customer("c" + i);
			}
			ledger.customer("other");
			MockHttpServletRequestBuilder first = get("/billing/admin").param("q", "c")
				.param("sort", "external-id")
				.param("dir", "asc");

			String page1 = page(context, first);
			assertThat(customerIds(page1)).containsExactly("c1", "c2");
			assertThat(element(page1, "next-page")).contains("href=\"/billing/admin?q=c&amp;sort=external-id&amp;dir=asc&amp;page=2\"");
			assertThat(page1).doesNotContain("id=\"previous-page\"").contains("1–2 of 5").contains("Page 1 of 3");

			String page3 = page(context, get("/billing/admin").param("q", "c")
				.param("sort", "external-id")
				.param("dir", "asc")
				.param("page", "3"));
			assertThat(customerIds(page3)).containsExactly("c5");
			assertThat(element(page3, "previous-page")).contains("page=2");
			assertThat(page3).doesNotContain("id=\"next-page\"").contains("5–5 of 5");
		});
	}

	@Test
	void aCustomersPageShowsTheirWalletGrantsHoldsUsageTopUpsAndAdjustments() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			MutableClock clock = context.getBean(MutableClock.class);
			String paid = topUp(context, "alice", "20.00", TestPaymentProvider.SUCCEEDS);
			clock.advance(Duration.ofMinutes(1));
			topUp(context, "alice", "50.00", TestPaymentProvider.DECLINED);
			clock.advance(Duration.ofMinutes(1));
			ledger.grant("alice", GrantRequest.promotional("USD", "5.00").expiresAt(clock.instant().plus(Duration.ofDays(30))));
			clock.advance(Duration.ofMinutes(1));
			ledger.entitle("alice", EntitlementRequest.every(EntitlementPeriod.MONTH, "video", 5));
			clock.advance(Duration.ofMinutes(1));
			ledger.record(UsageEvent.of("alice-1", "alice", "image", 1).dimensions(HD));
			clock.advance(Duration.ofMinutes(1));
			ledger.record(UsageEvent.of("alice-2", "alice", "image", 1));
			clock.advance(Duration.ofMinutes(1));
			ledger.authorize(AuthorizationRequest.of("alice", "image"));
			clock.advance(Duration.ofMinutes(1));
			ledger.adjust("alice", AdjustmentRequest.of("USD", "2.00", AdjustmentReason.GIFT, "outage-42")
				.note("Sorry for the outage"));

			String page = page(context, get("/billing/admin/customers/alice"));

			assertThat(element(page, "customer-id")).contains(">alice<");
			List<String> wallet = rows(element(page, "wallet"));
			assertThat(wallet).singleElement()
				.asString()
				.contains("<td>USD</td>")
				.contains("<td class=\"num available\">$26.10</td>")
				.contains("<td class=\"num posted\">$26.35</td>")
				.contains("<td class=\"num held\">$0.25</td>")
				.contains("$0.65");
			assertThat(rows(element(page, "entitlements"))).singleElement()
				.asString()
				.contains("<td>video</td>")
				.contains("MONTH");
			String grants = element(page, "grants");
			assertThat(rows(grants)).hasSize(3);
			assertThat(grants).contains("PAID")
				.contains("$20.00")
				.contains("PROMOTIONAL")
				.contains("$5.00")
				.contains("$4.35")
				.contains("2025-04-14 12:02:00 UTC")
				.contains(paid);
			assertThat(rows(element(page, "holds"))).singleElement()
				.asString()
				.contains("<td class=\"num amount\">$0.25</td>")
				.contains("<td>image</td>");
			List<String> usage = rows(element(page, "usage"));
			assertThat(usage).hasSize(2);
			assertThat(usage.get(0)).contains("alice-2").contains("$0.25");
			assertThat(usage.get(1)).contains("alice-1").contains("quality=hd").contains("$0.40");
			List<String> topUps = rows(element(page, "top-ups"));
			assertThat(topUps).hasSize(2);
			assertThat(topUps.get(0)).contains("FAILED").contains("$50.00").contains("Your card was declined.");
			assertThat(topUps.get(1)).contains("SUCCEEDED").contains("$20.00").contains(paid);
			assertThat(rows(element(page, "adjustments"))).singleElement()
				.asString()
				.contains("$2.00")
				.contains("GIFT")
				.contains("outage-42")
				.contains("Sorry for the outage");
		});
	}

	@Test
	void eachListOnACustomersPageIsPagedOnItsOwn() {
		AdminContexts.runner().withPropertyValues("credyt.admin.page-size=2").run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			MutableClock clock = context.getBean(MutableClock.class);
			ledger.grant("alice", GrantRequest.paid("USD", "10.00"));
			for (int i = 1; i <= 3; i++) {
				clock.advance(Duration.ofSeconds(1));
				ledger.record(UsageEvent.of("alice-" + i, "alice", "image", 1));
				ledger.adjust("alice", AdjustmentRequest.of("USD", "1.00", AdjustmentReason.GIFT, "gift-" + i));
			}

			String first = page(context, get("/billing/admin/customers/alice"));
			assertThat(rows(element(first, "usage"))).hasSize(2);
			assertThat(element(first, "usage-next-page")).contains("href=\"/billing/admin/customers/alice?usagePage=2\"");
			assertThat(element(first, "adjustments-next-page"))
				.contains("href=\"/billing/admin/customers/alice?adjustmentPage=2\"");

			String second = page(context, get("/billing/admin/customers/alice").param("usagePage", "2"));
			assertThat(rows(element(second, "usage"))).singleElement().asString().contains("alice-1");
			assertThat(rows(element(second, "adjustments"))).hasSize(2);
			assertThat(element(second, "usage-previous-page")).contains("href=\"/billing/admin/customers/alice\"");
			assertThat(element(second, "adjustments-next-page")).contains("usagePage=2&amp;adjustmentPage=2");
		});
	}

	@Test
	void customerIdsWithReservedCharactersAreLinkedAndFound() {
		AdminContexts.runner().run((context) -> {
			context.getBean(Ledger.class).grant("jo+smith@example.com", GrantRequest.paid("USD", "1.00"));

			String list = page(context, get("/billing/admin").param("q", "jo+"));
			assertThat(element(list, "customers")).contains("href=\"/billing/admin/customers/jo+smith@example.com\"");
			String customer = page(context, get("/billing/admin/customers/jo+smith@example.com"));
			assertThat(element(customer, "customer-id")).contains(">jo+smith@example.com<");
		});
	}

	@Test
	void aCustomersPageShowsTheirAutoTopUpAndWhyItLastFailed() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			String card = saveCard(context, "bob", TestPaymentProvider.DECLINED);
			ledger.grant("bob", GrantRequest.paid("USD", "30.00"));
			context.getBean(AutoTopUps.class)
				.configure("bob", new AutoTopUpSettings(true, new BigDecimal("50"), new BigDecimal("20"), card));
			ledger.record(UsageEvent.of("bob-1", "bob", "image", 1));
			AutoTopUps autoTopUps = context.getBean(AutoTopUps.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(autoTopUps.status("bob").orElseThrow().lastStatus())
					.isEqualTo(PaymentStatus.FAILED));

			String page = page(context, get("/billing/admin/customers/bob"));

			String autoTopUp = element(page, "auto-top-up");
			assertThat(autoTopUp).contains(">On<")
				.contains("<dd class=\"threshold\">$50.00</dd>")
				.contains("<dd class=\"amount\">$20.00</dd>")
				.contains(card)
				.contains("FAILED")
				.contains("<dd class=\"failure-reason\">Your card was declined.</dd>")
				.contains("2025-03-15 13:00:00 UTC")
				.contains("<dd class=\"attempts\">1</dd>");
			List<String> topUps = rows(element(page, "top-ups"));
			assertThat(topUps).hasSize(2);
			assertThat(topUps).anySatisfy((row) -> assertThat(row).contains("AUTO_TOP_UP")
				.contains("FAILED")
				.contains("$20.00")
				.contains("Your card was declined."));
			ledger.customer("dora");
			assertThat(element(page(context, get("/billing/admin/customers/dora")), "auto-top-up"))
				.contains("Not set up.");
		});
	}

	@Test
	void failingAutoTopUpsAreListedWithTheirReasons() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			AutoTopUps autoTopUps = context.getBean(AutoTopUps.class);
			String declined = saveCard(context, "bob", TestPaymentProvider.DECLINED);
			String fine = saveCard(context, "carol", TestPaymentProvider.SUCCEEDS);
			for (String customer : List.of("bob", "carol")) {
				ledger.grant(customer, GrantRequest.paid("USD", "30.00"));
				autoTopUps.configure(customer, new AutoTopUpSettings(true, new BigDecimal("50"), new BigDecimal("20"),
						customer.equals("bob") ? declined : fine));
				ledger.record(UsageEvent.of(customer + "-1", customer, "image", 1));
			}

			String page = page(context, get("/billing/admin/auto-top-ups/failing"));

			assertThat(rows(element(page, "failing-auto-top-ups"))).singleElement()
				.asString()
				.contains("href=\"/billing/admin/customers/bob\"")
				.contains("Your card was declined.")
				.contains("$50.00")
				.contains("$20.00");
			assertThat(element(page, "nav-failing-auto-top-ups")).contains("active");
		});
	}

	@Test
	void anApplicationWithoutPaymentsHasNoTopUpPagesOrSections() {
		AdminContexts.withoutPayments().withUserConfiguration(AdminContexts.FormLoginApplication.class).run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "1.00"));

			String page = page(context, get("/billing/admin/customers/alice"));

			assertThat(page).contains("id=\"wallet\"")
				.doesNotContain("id=\"top-ups\"")
				.doesNotContain("id=\"auto-top-up\"")
				.doesNotContain("id=\"nav-top-ups\"")
				.doesNotContain("id=\"nav-failing-auto-top-ups\"");
			mvc(context).perform(get("/billing/admin/top-ups").with(admin())).andExpect(status().isNotFound());
			mvc(context).perform(get("/billing/admin/auto-top-ups/failing").with(admin()))
				.andExpect(status().isNotFound());
		});
	}

	@Test
	void anUnknownCustomerGetsANotFoundPage() {
		AdminContexts.runner().run((context) -> {
			String body = mvc(context).perform(get("/billing/admin/customers/ghost").with(admin()))
				.andExpect(status().isNotFound())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(element(body, "problem")).contains("Not found").contains("No customer");
			assertThat(context.getBean(Ledger.class).findCustomer("ghost")).isEmpty();
		});
	}

	@Test
	void aCustomerWhoseOnlyPaymentFailedIsShownWithTheFailure() {
		AdminContexts.runner().run((context) -> {
			topUp(context, "newcomer", "25.00", TestPaymentProvider.INSUFFICIENT_FUNDS);

			String page = page(context, get("/billing/admin/customers/newcomer"));

			assertThat(page).contains("Not in the ledger yet");
			assertThat(rows(element(page, "top-ups"))).singleElement()
				.asString()
				.contains("FAILED")
				.contains("Your card has insufficient funds.");
			assertThat(context.getBean(Ledger.class).findCustomer("newcomer")).isEmpty();
		});
	}

	@Test
	void chargesListEveryCustomersUsageNewestFirstAPageAtATime() {
		AdminContexts.runner().withPropertyValues("credyt.admin.page-size=2").run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			MutableClock clock = context.getBean(MutableClock.class);
			ledger.grant("alice", GrantRequest.paid("USD", "10.00"));
			ledger.grant("bob", GrantRequest.paid("USD", "10.00"));
			clock.advance(Duration.ofSeconds(1));
			ledger.record(UsageEvent.of("alice-1", "alice", "image", 1));
			clock.advance(Duration.ofSeconds(1));
			ledger.record(UsageEvent.of("bob-1", "bob", "image", 1).dimensions(HD));
			clock.advance(Duration.ofSeconds(1));
			ledger.record(UsageEvent.of("alice-2", "alice", "video", 1));

			String first = page(context, get("/billing/admin/charges"));
			List<String> rows = rows(element(first, "charges"));
			assertThat(rows).hasSize(2);
			assertThat(rows.get(0)).contains("alice-2").contains("<td>video</td>").contains("$1.00");
			assertThat(rows.get(1)).contains("bob-1").contains("quality=hd").contains("$0.40").contains("$0.20")
				.contains("href=\"/billing/admin/customers/bob\"");
			assertThat(element(first, "next-page")).contains("href=\"/billing/admin/charges?page=2\"");
			assertThat(rows(element(page(context, get("/billing/admin/charges").param("page", "2")), "charges")))
				.singleElement()
				.asString()
				.contains("alice-1");
		});
	}

	@Test
	void topUpsListEveryPaymentWithItsStatusAndWhyItFailed() {
		AdminContexts.runner().run((context) -> {
			MutableClock clock = context.getBean(MutableClock.class);
			String paid = topUp(context, "alice", "10.00", TestPaymentProvider.SUCCEEDS);
			clock.advance(Duration.ofMinutes(1));
			topUp(context, "bob", "20.00", TestPaymentProvider.DECLINED);
			clock.advance(Duration.ofMinutes(1));
			context.getBean(TopUps.class).start("carol", new BigDecimal("5.00"), "/done", "/cancelled", false);

			String page = page(context, get("/billing/admin/top-ups"));

			List<String> rows = rows(element(page, "all-top-ups"));
			assertThat(rows).hasSize(3);
			assertThat(rows.get(0)).contains(">carol<").contains("PENDING").contains("$5.00");
			assertThat(rows.get(1)).contains(">bob<").contains("FAILED").contains("$20.00")
				.contains("Your card was declined.");
			assertThat(rows.get(2)).contains(">alice<").contains("SUCCEEDED").contains("$10.00").contains(paid)
				.contains("CHECKOUT");
			assertThat(element(page, "nav-top-ups")).contains("active");
		});
	}

	@Test
	void badParametersGetABadRequestPage() {
		AdminContexts.runner().run((context) -> {
			for (MockHttpServletRequestBuilder request : List.of(get("/billing/admin").param("sort", "balance"),
					get("/billing/admin").param("dir", "sideways"), get("/billing/admin").param("page", "0"),
					get("/billing/admin").param("page", "two"), get("/billing/admin/charges").param("page", "-1"),
					get("/billing/admin/customers/" + "x".repeat(300)))) {
				String body = mvc(context).perform(request.with(admin()))
					.andExpect(status().isBadRequest())
					.andReturn()
					.getResponse()
					.getContentAsString();
				assertThat(element(body, "problem")).contains("Bad request");
			}
		});
	}

	@Test
	void everyPageLinksToTheOthers() {
		AdminContexts.runner().run((context) -> {
			String page = page(context, get("/billing/admin/charges"));
			assertThat(element(page, "nav-customers")).contains("href=\"/billing/admin\"");
			assertThat(element(page, "nav-charges")).contains("href=\"/billing/admin/charges\"").contains("active");
			assertThat(element(page, "nav-top-ups")).contains("href=\"/billing/admin/top-ups\"");
		});
	}

	private static String topUp(AssertableWebApplicationContext context, String customer, String amount,
			String card) {
		TopUps topUps = context.getBean(TopUps.class);
		Checkout checkout = topUps.start(customer, new BigDecimal(amount), "/done", "/cancelled", false);
		TestPaymentProvider provider = (TestPaymentProvider) topUps.provider();
		String reference = provider.pay(checkout.sessionId(), card, false).paymentReference();
		if (TestPaymentProvider.SUCCEEDS.equals(card)) {
			topUps.complete(checkout.sessionId());
			return reference;
		}
		assertThatExceptionOfType(PaymentDeclinedException.class).isThrownBy(() -> topUps.complete(checkout.sessionId()));
		return checkout.sessionId();
	}

	private static String saveCard(AssertableWebApplicationContext context, String customer, String card) {
		TopUps topUps = context.getBean(TopUps.class);
		Checkout checkout = topUps.start(customer, new BigDecimal("10.00"), "/done", "/cancelled", true);
		String saved = ((TestPaymentProvider) topUps.provider()).pay(checkout.sessionId(), card, true)
			.savedPaymentMethod();
		try {
			topUps.complete(checkout.sessionId());
		}
		catch (PaymentDeclinedException ex) {
			assertThat(card).isNotEqualTo(TestPaymentProvider.SUCCEEDS);
		}
		assertThat(saved).isNotNull();
		return saved;
	}

	@Test
	void profitabilityListsTheLeastProfitableCustomerFirstAndDownloadsAsCsv() {
		String evil = "=HYPERLINK(\"x\"),<b>eve</b>";
		AdminContexts.runner()
			.withPropertyValues("credyt.products.image.vendor=replicate", "credyt.products.video.vendor=runway",
					"credyt.products.video.vendor-cost=1.50")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				MutableClock clock = context.getBean(MutableClock.class);
				for (String customer : List.of("alice", "carol", evil)) {
					ledger.grant(customer, GrantRequest.paid("USD", "10.00"));
				}
				clock.advance(Duration.ofMinutes(1));
				ledger.record(UsageEvent.of("a-1", "alice", "video", 1));
				ledger.record(UsageEvent.of("c-1", "carol", "video", 1));
				ledger.record(UsageEvent.of("c-2", "carol", "video", 1));
				ledger.record(UsageEvent.of("e-1", evil, "video", 1));

				String page = page(context, get("/billing/admin/profitability"));
				List<String> rows = rows(element(page, "profitability"));
				assertThat(rows).hasSize(3);
				assertThat(rows.get(0)).as("the biggest loss first").contains(">carol<");
				assertThat(page).contains("&lt;b&gt;eve&lt;/b&gt;").doesNotContain("<b>eve</b>");
				assertThat(element(page, "profitability-totals")).contains("All 3 customers").contains("$4.00")
					.contains("$6.00").contains("-50.00 %");
				String today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
				String chart = element(page, "profitability-chart");
				assertThat(chart.split("data-day=\"", -1)).as("31 days: 30 back and today").hasSize(32);
				assertThat(chart)
					.containsPattern("data-day=\"" + today + "\"\\s+data-revenue=\"4.00\"\\s+data-cost=\"6.00\"")
					.containsPattern("data-day=\"" + LocalDate.parse(today).minusDays(1)
							+ "\"\\s+data-revenue=\"0.00\"\\s+data-cost=\"0.00\"");
				// the scale's top is the largest amount, $6.00 of cost; $4.00 of revenue is two thirds up
				assertThat(points(chart, "chart-cost")).endsWith(",12.0");
				assertThat(points(chart, "chart-revenue")).endsWith(",66.7")
					.startsWith("56.0,176.0");
				assertThat(points(chart, "chart-revenue").split(" ")).as("a point a day").hasSize(31);
				assertThat(chart).contains(">$6.00</text>");
				String home = element(page(context, get("/billing/admin")), "profitability-chart");
				assertThat(home).as("the dashboard home charts the last 30 days too")
					.containsPattern("data-day=\"" + today + "\"\\s+data-revenue=\"4.00\"\\s+data-cost=\"6.00\"");
				assertThat(page(context, get("/billing/admin").param("q", "alice"))).as("not with a search")
					.doesNotContain("profitability-chart");

				MockHttpServletResponse csv = mvc(context)
					.perform(get("/billing/admin/profitability.csv").param("vendor", "runway").with(admin()))
					.andExpect(status().isOk())
					.andReturn()
					.getResponse();
				assertThat(csv.getContentType()).startsWith("text/csv");
				assertThat(csv.getHeader("Content-Disposition")).startsWith("attachment").contains(".csv");
				assertThat(csv.getContentAsString().split("\r\n")).containsExactly(
						"customer,events,revenue,subscription_revenue,promotional,bundled,unfunded,vendor_cost,margin,margin_percent",
						"\"carol\",2,2.00,0.00,0.00,0.00,0.00,3.00,-1.00,-50.00",
						"\"'=HYPERLINK(\"\"x\"\"),<b>eve</b>\",1,1.00,0.00,0.00,0.00,0.00,1.50,-0.50,-50.00",
						"\"alice\",1,1.00,0.00,0.00,0.00,0.00,1.50,-0.50,-50.00",
						"\"TOTAL\",4,4.00,0.00,0.00,0.00,0.00,6.00,-2.00,-50.00");

				assertThat(rows(element(page(context, get("/billing/admin/profitability").param("vendor", "replicate")),
						"profitability"))).singleElement().asString().contains("No usage or subscription fees in this period");
				for (String[] bad : new String[][] { { "days", "0" }, { "days", "abc" }, { "product", "nope" },
						{ "vendor", "<script>" } }) {
					mvc(context).perform(get("/billing/admin/profitability").param(bad[0], bad[1]).with(admin()))
						.andExpect(status().isBadRequest());
				}
				mvc(context).perform(get("/billing/admin/profitability.csv").with(user("someone").roles("USER")))
					.andExpect(status().isForbidden());
			});
	}

	@Test
	void theCustomerPageChartsTheCustomersOwnSpendPerUtcDayWithTheVendorCost() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			MutableClock clock = context.getBean(MutableClock.class);
			ledger.grant("alice", GrantRequest.promotional("USD", "0.30"));
			ledger.grant("alice", GrantRequest.bundled("USD", "0.10"));
			ledger.grant("alice", GrantRequest.paid("USD", "10.00"));
			ledger.grant("bob", GrantRequest.paid("USD", "10.00"));
			// the clock starts at 12:00 UTC on 15 March: 11:59 later is 23:59 the same day
			clock.advance(Duration.ofHours(11).plusMinutes(59));
			ledger.record(UsageEvent.of("a-1", "alice", "image", 1));
			ledger.record(UsageEvent.of("b-1", "bob", "video", 3));
			clock.advance(Duration.ofMinutes(1));
			ledger.record(UsageEvent.of("a-2", "alice", "image", 1).dimensions(HD));
			ledger.record(UsageEvent.of("a-3", "alice", "image", 1));
			clock.advance(Duration.ofDays(2));
			ledger.record(UsageEvent.of("a-4", "alice", "image", 1));

			String spend = element(page(context, get("/billing/admin/customers/alice")), "spend-USD");

			assertThat(spend).contains("<span class=\"spend-total\">$1.15</span>")
				.contains("<span class=\"spend-events\">4</span>")
				.contains("<span class=\"spend-paid\">$0.75</span>")
				.contains("<span class=\"spend-promotional\">$0.30</span>")
				.contains("<span class=\"spend-bundled\">$0.10</span>")
				.contains("<span class=\"spend-cost\">$0.80</span>")
				.contains("$1.15 spent in 4 events from 2025-02-16 to 2025-03-18, vendor cost $0.80")
				.contains("aria-labelledby=\"spend-svg-title-USD spend-svg-desc-USD\"");
			assertThat(spend.split("data-day=\"", -1)).as("31 days: 30 back and today").hasSize(32);
			// 23:59 UTC: the promotional credit pays; bob's videos the same minute are not alice's
			assertThat(day(spend, "2025-03-15")).contains("data-fee=\"0.25\"").contains("data-events=\"1\"")
				.contains("data-cost=\"0.2\"")
				.contains("2025-03-15: $0.25 in 1 events (paid $0.00, promotional $0.25, bundled $0.00), vendor cost $0.20")
				.containsPattern("class=\"promotional\"[^>]*y=\"112.9\"[^>]*height=\"63.1\"");
			// 00:00 UTC the next day, the scale's top: the bar stacks paid, promotional and bundled
			assertThat(day(spend, "2025-03-16")).contains("data-fee=\"0.65\"").contains("data-events=\"2\"")
				.contains("2025-03-16: $0.65 in 2 events (paid $0.50, promotional $0.05, bundled $0.10), vendor cost $0.40")
				.containsPattern("class=\"paid\"[^>]*y=\"49.8\"[^>]*height=\"126.2\"")
				.containsPattern("class=\"promotional\"[^>]*y=\"37.2\"[^>]*height=\"12.6\"")
				.containsPattern("class=\"bundled\"[^>]*y=\"12.0\"[^>]*height=\"25.2\"")
				.doesNotContain("class=\"unfunded\"");
			assertThat(day(spend, "2025-03-17")).as("a day without usage").contains("data-fee=\"0\"")
				.contains("data-events=\"0\"").doesNotContain("<rect");
			assertThat(day(spend, "2025-03-18")).contains("data-fee=\"0.25\"");
			assertThat(points(spend, "spend-USD-cost")).startsWith("56.0,176.0").contains(",125.5 ")
				.contains(",75.1 ").endsWith(",125.5");
			assertThat(spend).contains(">$0.65</text>");

			String bob = element(page(context, get("/billing/admin/customers/bob")), "spend-USD");
			assertThat(bob).as("another customer's usage is not alice's")
				.contains("<span class=\"spend-total\">$3.00</span>")
				.contains("<span class=\"spend-events\">1</span>");
		});
	}

	/** The chart's group of one day. */
	private static String day(String svg, String day) {
		int start = svg.indexOf("data-day=\"" + day + "\"");
		assertThat(start).as("a day %s", day).isNotNegative();
		return svg.substring(start, svg.indexOf("</g>", start));
	}

	/** The {@code points} of the SVG polyline with the given id. */
	private static String points(String svg, String id) {
		Matcher points = Pattern.compile("id=\"" + id + "\"[^>]*points=\"([^\"]*)\"")
			.matcher(svg);
		assertThat(points.find()).as("a polyline '%s' with points", id).isTrue();
		return points.group(1);
	}

	private static List<String> customerIds(String page) {
		return rows(element(page, "customers")).stream().map((row) -> {
			int link = row.indexOf("class=\"customer-link\"");
			return row.substring(row.indexOf('>', link) + 1, row.indexOf("</a>", link));
		}).toList();
	}

	private static String page(AssertableWebApplicationContext context, MockHttpServletRequestBuilder request)
			throws Exception {
		return mvc(context).perform(request.with(admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	static RequestPostProcessor admin() {
		return user("operator").roles("BILLING_ADMIN");
	}

}

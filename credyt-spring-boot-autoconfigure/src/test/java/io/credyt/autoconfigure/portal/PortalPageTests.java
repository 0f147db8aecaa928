package io.credyt.autoconfigure.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.GetMapping;

import io.credyt.autoconfigure.web.BalanceView;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Onboarding;
import io.credyt.ledger.UsageEvent;
import io.credyt.payment.Checkout;
import io.credyt.payment.CheckoutRequest;
import io.credyt.payment.OffSessionCharge;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentProvider;
import io.credyt.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening the portal through a portal link, and what it shows.
 */
class PortalPageTests {

	private final WebApplicationContextRunner runner = Portals.runner();

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aValidLinkOpensThePortalWithBalanceEntitlementsUsageTransactionsAndPresets() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			context.getBean(Onboarding.class).onboard("alice");
			ledger.grant("alice", GrantRequest.paid("USD", "4.50"));
			ledger.record(UsageEvent.of("u1", "alice", "image", 1));
			ledger.record(UsageEvent.of("u2", "alice", "image", 1).dimensions(Map.of("quality", "hd")));
			ledger.record(UsageEvent.of("u3", "alice", "image", 1).dimensions(Map.of("quality", "hd")));
			ledger.adjust("alice", AdjustmentRequest.of("USD", "0.40", AdjustmentReason.REFUND, "u3"));
			ledger.grant("alice", GrantRequest.promotional("USD", "1.00"));

			Browser browser = new Browser(context);
			MvcResult opened = browser.get(Portals.link(context, "alice"));
			assertThat(Browser.seeOther(opened)).isEqualTo("/billing/portal");
			Document page = Browser.document(browser.follow(opened));

			assertThat(page.selectFirst("#balance").text()).contains("$5.50");
			assertThat(page.selectFirst("#entitlements").text()).contains("Image").contains("0 of 2 images left");
			Element usage = page.selectFirst("#usage");
			assertThat(usage.select("tbody tr")).hasSize(3);
			assertThat(usage.select("tbody tr").get(0).text()).contains("Image", "quality: hd", "1 image", "$0.40");
			assertThat(usage.select("tbody tr").get(2).text()).contains("Included");
			Element transactions = page.selectFirst("#transactions");
			assertThat(transactions.select("tbody tr").eachText()).anySatisfy(
					(row) -> assertThat(row).contains("Promotional credit", "+$1.00"))
				.anySatisfy((row) -> assertThat(row).contains("Refund", "+$0.40"))
				.anySatisfy((row) -> assertThat(row).contains("Charge", "1 image (quality: hd)", "-$0.40"))
				.anySatisfy((row) -> assertThat(row).contains("Top-up", "+$4.50"));
			assertThat(page.select("#top-up-form [data-amount]").eachAttr("data-amount"))
				.containsExactly("5", "10", "25", "50");
			assertThat(page.select("#top-up-form [data-amount]").eachText())
				.containsExactly("$5.00", "$10.00", "$25.00", "$50.00");
			assertThat(page.selectFirst("#top-up-form input[name=amount]")).isNotNull();
			assertThat(page.selectFirst("#top-up-form input[name=saveCard]")).isNotNull();
			assertThat(page.selectFirst("#top-up-submit")).isNotNull();
			assertThat(page.selectFirst("#test-mode").text()).isEqualTo("Test mode");
			assertThat(page.selectFirst("#back-to-app").attr("href")).isEqualTo("/");
			assertThat(page.selectFirst("#payments").text()).contains("No payments yet.");
			assertThat(page.selectFirst("#flash")).isNull();
			assertThat(page.selectFirst("#error")).isNull();
		});
	}

	@Test
	void aLiveProviderIsNotMarkedAsTestMode() {
		this.runner.withBean(PaymentProvider.class, LiveProvider::new).run((context) -> {
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));
			Document page = browser.page("/billing/portal");
			assertThat(page.selectFirst("#top-up-form")).isNotNull();
			assertThat(page.selectFirst("#test-mode")).isNull();
		});
	}

	@Test
	void spendThisMonthCountsTheUsageFeesSinceTheFirstOfTheMonthInUtc() {
		MutableClock clock = new MutableClock(Instant.parse("2025-01-31T23:30:00Z"));
		this.runner.withBean(MutableClock.class, () -> clock).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.grant("alice", GrantRequest.paid("USD", "10"));
			ledger.record(UsageEvent.of("january", "alice", "video", 2));
			clock.set(Instant.parse("2025-02-01T00:30:00Z"));
			ledger.record(UsageEvent.of("february-1", "alice", "video", 1));
			ledger.record(UsageEvent.of("february-2", "alice", "image", 1).dimensions(Map.of("quality", "hd")));
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));
			Document page = browser.page("/billing/portal");
			assertThat(page.selectFirst("#spend-this-month [data-asset=USD]").text()).contains("$1.40");
			assertThat(page.selectFirst("#balance [data-asset=USD]").text()).contains("$6.60");
		});
	}

	@Test
	void spendHistoryShowsTheCustomersOwnFeesPerUtcDayAndNeverTheVendorCost() {
		MutableClock clock = new MutableClock(Instant.parse("2025-01-15T23:59:00Z"));
		this.runner.withBean(MutableClock.class, () -> clock).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.grant("alice", GrantRequest.promotional("USD", "0.30"));
			ledger.grant("alice", GrantRequest.bundled("USD", "0.10"));
			ledger.grant("alice", GrantRequest.paid("USD", "10"));
			ledger.grant("bob", GrantRequest.paid("USD", "10"));
			ledger.record(UsageEvent.of("a-1", "alice", "image", 1));
			ledger.record(UsageEvent.of("b-1", "bob", "video", 3));
			clock.set(Instant.parse("2025-01-16T00:00:00Z"));
			ledger.record(UsageEvent.of("a-2", "alice", "image", 1).dimensions(Map.of("quality", "hd")));
			ledger.record(UsageEvent.of("a-3", "alice", "image", 1));
			clock.set(Instant.parse("2025-01-18T00:00:00Z"));
			ledger.record(UsageEvent.of("a-4", "alice", "image", 1));
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));
			Document page = browser.page("/billing/portal");

			Element history = page.selectFirst("#spend-history [data-asset=USD]");
			assertThat(history.selectFirst(".spend-total").text()).isEqualTo("$1.15");
			assertThat(history.selectFirst(".spend-totals").text()).contains("USD in the last 31 days (UTC), 4 events");
			assertThat(history.selectFirst(".spend-paid").text()).isEqualTo("$0.75");
			assertThat(history.selectFirst(".spend-promotional").text()).isEqualTo("$0.30");
			assertThat(history.selectFirst(".spend-bundled").text()).isEqualTo("$0.10");
			assertThat(history.selectFirst("svg desc").text())
				.isEqualTo("$1.15 in 4 events from 19 Dec 2024 to 18 Jan 2025; up to $0.65 a day");
			assertThat(history.select("g.spend-day")).as("30 days back and today").hasSize(31);
			// 23:59 UTC on the 15th, then midnight: two days; bob's videos are not alice's
			Element fifteenth = history.selectFirst("g[data-day=2025-01-15]");
			assertThat(fifteenth.attr("data-fee")).isEqualTo("$0.25");
			assertThat(fifteenth.selectFirst("title").text())
				.isEqualTo("15 Jan 2025: $0.25 in 1 event (paid $0.00, promotional $0.25, plan credit $0.00)");
			Element sixteenth = history.selectFirst("g[data-day=2025-01-16]");
			assertThat(sixteenth.attr("data-fee")).isEqualTo("$0.65");
			assertThat(sixteenth.attr("data-events")).isEqualTo("2");
			// the day with the most is the scale's top: its bar stacks paid, promotional and plan credit
			assertThat(sixteenth.select("rect")).extracting((rect) -> rect.className() + " " + rect.attr("y") + " "
					+ rect.attr("height"))
				.containsExactly("paid 49.8 126.2", "promotional 37.2 12.6", "bundled 12.0 25.2");
			Element seventeenth = history.selectFirst("g[data-day=2025-01-17]");
			assertThat(seventeenth.attr("data-fee")).as("a day without usage").isEqualTo("$0.00");
			assertThat(seventeenth.select("rect")).isEmpty();
			assertThat(history.selectFirst("g[data-day=2025-01-18]").attr("data-fee")).isEqualTo("$0.25");

			String spendHistory = page.selectFirst("#spend-history").outerHtml().toLowerCase(java.util.Locale.ROOT);
			assertThat(spendHistory).as("the vendor cost is the operator's").doesNotContain("cost")
				.doesNotContain("margin").doesNotContain("$0.80").doesNotContain("polyline");
			assertThat(page.text().toLowerCase(java.util.Locale.ROOT)).doesNotContain("vendor");
		});
	}

	@Test
	void portalPagesAreNeverCached() {
		this.runner.run((context) -> {
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));
			MvcResult page = browser.get("/billing/portal");
			assertThat(page.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
			assertThat(page.getResponse().getHeader("Referrer-Policy")).isEqualTo("no-referrer");
		});
	}

	@Test
	void aTamperedLinkGetsThe401PageAndShowsNothing() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "4.50"));
			String link = Portals.link(context, "alice");
			Browser browser = new Browser(context);
			assertUnauthorized(browser.get(link.replace("token=", "token=x")));
			String tampered = link.substring(0, link.length() - 2) + (link.endsWith("AA") ? "BB" : "AA");
			assertUnauthorized(browser.get(tampered));
			assertUnauthorized(browser.get("/billing/portal/session"));
			assertUnauthorized(browser.get("/billing/portal"));
		});
	}

	@Test
	void anExpiredLinkGetsThe401Page() {
		MutableClock clock = new MutableClock(Instant.now());
		this.runner.withBean(MutableClock.class, () -> clock).run((context) -> {
			String link = Portals.link(context, "alice");
			clock.advance(Duration.ofMinutes(10));
			Browser browser = new Browser(context);
			assertUnauthorized(browser.get(link));
			assertUnauthorized(browser.get("/billing/portal"));
		});
	}

	@Test
	void theLinkTimeToLiveIsASetting() {
		MutableClock clock = new MutableClock(Instant.now());
		this.runner.withBean(MutableClock.class, () -> clock)
			.withPropertyValues("credyt.portal.link-ttl=1m")
			.run((context) -> {
				String link = Portals.link(context, "alice");
				clock.advance(Duration.ofSeconds(61));
				assertUnauthorized(new Browser(context).get(link));
			});
	}

	@Test
	void anotherSignedInUsersLinkGetsThe401Page() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "4.50"));
			Portals.signIn("bob");
			assertUnauthorized(new Browser(context).get(Portals.link(context, "alice")));
		});
	}

	@Test
	void theSignedInUserOpensTheirOwnLink() {
		this.runner.run((context) -> {
			Portals.signIn("alice");
			Browser browser = new Browser(context);
			assertThat(Browser.seeOther(browser.get(Portals.link(context, "alice")))).isEqualTo("/billing/portal");
			assertThat(browser.page("/billing/portal").selectFirst("#balance")).isNotNull();
		});
	}

	@Test
	void aPortalSessionIsRefusedWhenSomeoneElseSignsIn() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "4.50"));
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));
			browser.page("/billing/portal");
			Portals.signIn("bob");
			assertUnauthorized(browser.get("/billing/portal"));
			assertUnauthorized(browser.post("/billing/portal/top-up", "preset", "10"));
		});
	}

	@Test
	void aSignedInCustomerWhoseLinkExpiredReopensTheirOwnPortalFromThe401Page() {
		MutableClock clock = new MutableClock(Instant.now());
		this.runner.withBean(MutableClock.class, () -> clock).run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "4.50"));
			context.getBean(Ledger.class).grant("bob", GrantRequest.paid("USD", "7.00"));
			Portals.signIn("alice");
			String link = Portals.link(context, "alice");
			clock.advance(Duration.ofMinutes(11));
			Browser browser = new Browser(context);
			MvcResult expired = browser.get(link);
			assertThat(expired.getResponse().getStatus()).isEqualTo(401);
			Element reopen = Browser.document(expired).selectFirst("#portal-reopen");
			assertThat(reopen).isNotNull();
			assertThat(reopen.attr("href")).isEqualTo("/billing/portal/open");
			assertThat(Browser.seeOther(browser.get("/billing/portal/open"))).isEqualTo("/billing/portal");
			Document portal = browser.page("/billing/portal");
			assertThat(portal.selectFirst("#balance").text()).contains("$4.50").doesNotContain("$7.00");
		});
	}

	@Test
	void reopeningWithoutASignedInCustomerGetsThe401PageWithNoWayIn() {
		this.runner.run((context) -> {
			Browser browser = new Browser(context);
			MvcResult result = browser.get("/billing/portal/open");
			assertUnauthorized(result);
			assertThat(Browser.document(result).selectFirst("#portal-reopen")).isNull();
			assertUnauthorized(browser.get("/billing/portal"));
		});
	}

	@Test
	void everyPortalPageWithoutAPortalSessionGetsThe401Page() {
		this.runner.run((context) -> {
			Browser browser = new Browser(context);
			assertUnauthorized(browser.get("/billing/portal"));
			assertUnauthorized(browser.get("/billing/portal?usagePage=1"));
			assertUnauthorized(browser.post("/billing/portal/top-up", "preset", "10"));
			assertUnauthorized(browser.get("/billing/portal/top-up/return?session_id=test_cs_1"));
			assertUnauthorized(browser.post("/billing/portal/auto-top-up", "enabled", "true"));
		});
	}

	@Test
	void openingALinkGivesTheBrowserANewSessionId() {
		this.runner.run((context) -> {
			Browser browser = new Browser(context);
			String planted = browser.session().getId();
			browser.get(Portals.link(context, "alice"));
			assertThat(browser.session().getId()).isNotEqualTo(planted);
			assertThat(browser.session().getAttribute(PortalSessions.CUSTOMER_ATTRIBUTE)).isEqualTo("alice");
		});
	}

	@Test
	void aNewLinkForAnotherCustomerReplacesThePortalSession() {
		this.runner.run((context) -> {
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));
			browser.get(Portals.link(context, "carol"));
			assertThat(browser.session().getAttribute(PortalSessions.CUSTOMER_ATTRIBUTE)).isEqualTo("carol");
		});
	}

	@Test
	void theUsageHistoryAndTheTransactionsArePagedSeparately() {
		this.runner.withPropertyValues("credyt.portal.page-size=2").run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.grant("alice", GrantRequest.paid("USD", "10"));
			ledger.record(UsageEvent.of("u1", "alice", "video", 1));
			ledger.record(UsageEvent.of("u2", "alice", "video", 2));
			ledger.record(UsageEvent.of("u3", "alice", "video", 3));
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));
			Document first = browser.page("/billing/portal");
			assertThat(first.select("#usage tbody tr").eachText()).satisfiesExactly(
					(row) -> assertThat(row).contains("3 videos"), (row) -> assertThat(row).contains("2 videos"));
			assertThat(first.selectFirst("#usage-previous")).isNull();
			String next = first.selectFirst("#usage-next").attr("href");
			assertThat(next).isEqualTo("/billing/portal?usagePage=1&transactionsPage=0");
			assertThat(first.select("#transactions tbody tr")).hasSize(2);
			assertThat(first.selectFirst("#transactions .pager").text()).contains("Page 1 of 2");

			Document second = browser.page("/billing/portal?usagePage=1&transactionsPage=1");
			assertThat(second.select("#usage tbody tr").eachText()).singleElement()
				.satisfies((row) -> assertThat(row).contains("1 video"));
			assertThat(second.select("#transactions tbody tr").eachText()).satisfiesExactly(
					(row) -> assertThat(row).contains("-$1.00"), (row) -> assertThat(row).contains("Top-up", "+$10.00"));
			assertThat(browser.page("/billing/portal?usagePage=nonsense&transactionsPage=-4")
				.select("#usage tbody tr")).hasSize(2);
		});
	}

	@Test
	void brandingComesFromProperties() {
		this.runner
			.withPropertyValues("credyt.portal.brand.name=Pixel Forge",
					"credyt.portal.brand.logo-url=https://cdn.example.com/logo.svg",
					"credyt.portal.brand.primary-color=#ff5500",
					"credyt.portal.brand.support-email=help@pixelforge.example",
					"credyt.portal.return-url=/studio")
			.run((context) -> {
				Browser browser = new Browser(context);
				browser.get(Portals.link(context, "alice"));
				Document page = browser.page("/billing/portal");
				assertThat(page.title()).contains("Pixel Forge");
				assertThat(page.selectFirst("#brand-name").text()).isEqualTo("Pixel Forge");
				assertThat(page.selectFirst("#brand-logo").attr("src")).isEqualTo("https://cdn.example.com/logo.svg");
				assertThat(page.selectFirst("style").data()).contains("--brand: #ff5500");
				assertThat(page.selectFirst("#support a").attr("href")).isEqualTo("mailto:help@pixelforge.example");
				assertThat(page.selectFirst("#back-to-app").attr("href")).isEqualTo("/studio");
				MvcResult refused = new Browser(context).get("/billing/portal");
				assertThat(Browser.document(refused).selectFirst("#brand-name").text()).isEqualTo("Pixel Forge");
			});
	}

	@Test
	void thePortalIsServedUnderItsConfiguredPath() {
		this.runner.withPropertyValues("credyt.portal.path=/account/billing").run((context) -> {
			String link = Portals.link(context, "alice");
			assertThat(link).startsWith("/account/billing/session?token=");
			Browser browser = new Browser(context);
			assertThat(Browser.seeOther(browser.get(link))).isEqualTo("/account/billing");
			Document page = browser.page("/account/billing");
			assertThat(page.selectFirst("#top-up-form").attr("action")).isEqualTo("/account/billing/top-up");
			assertThat(browser.get("/billing/portal").getResponse().getStatus()).isEqualTo(404);
		});
	}

	@Test
	void theBalanceModelOffersAFreshPortalLinkForTheSignedInCustomer() {
		this.runner.withUserConfiguration(Home.class).run((context) -> {
			Portals.signIn("alice");
			Browser browser = new Browser(context);
			String first = portalUrl(browser.get("/home"));
			String second = portalUrl(browser.get("/home"));
			assertThat(first).startsWith("/billing/portal/session?token=").isNotEqualTo(second);
			PortalLinks links = context.getBean(PortalLinks.class);
			assertThat(links.verify(PortalLinksTests.token(first))).isEqualTo("alice");
			SecurityContextHolder.clearContext();
			assertThat(portalUrl(browser.get("/home"))).isNull();
		});
	}

	@Test
	void theBalanceModelOffersNoPortalLinkWhenThePortalIsOff() {
		this.runner.withUserConfiguration(Home.class)
			.withPropertyValues("credyt.portal.enabled=false")
			.run((context) -> {
				Portals.signIn("alice");
				BalanceView view = view(new Browser(context).get("/home"));
				assertThat(view.getPortalUrl()).isNull();
				assertThat(view.getManageBillingUrl()).isEqualTo("/billing");
			});
	}

	private static String portalUrl(MvcResult result) {
		return view(result).getPortalUrl();
	}

	private static BalanceView view(MvcResult result) {
		return (BalanceView) result.getModelAndView().getModel().get("credyt");
	}

	static void assertUnauthorized(MvcResult result) throws Exception {
		assertThat(result.getResponse().getStatus()).isEqualTo(401);
		Document page = Browser.document(result);
		assertThat(page.selectFirst("#portal-unauthorized").text())
			.contains("This billing link is invalid or has expired")
			.contains("Manage billing");
		String html = result.getResponse().getContentAsString();
		assertThat(html).doesNotContain("alice").doesNotContain("bob").doesNotContain("$");
		assertThat(page.selectFirst("#balance")).isNull();
	}

	/** A provider in live mode; the portal only renders with it, nothing is paid. */
	static final class LiveProvider implements PaymentProvider {

		@Override
		public String name() {
			return "live";
		}

		@Override
		public boolean live() {
			return true;
		}

		@Override
		public Checkout startCheckout(CheckoutRequest request) {
			throw new UnsupportedOperationException("no checkout in this test");
		}

		@Override
		public Optional<PaymentOutcome> outcome(String sessionId) {
			return Optional.empty();
		}

		@Override
		public PaymentOutcome chargeOffSession(OffSessionCharge charge) {
			throw new UnsupportedOperationException("no charge in this test");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Home {

		@Bean
		HomePage homePage() {
			return new HomePage();
		}

	}

	@Controller
	static class HomePage {

		@GetMapping("/home")
		String home() {
			return "plain";
		}

	}

}

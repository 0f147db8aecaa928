package io.credyt.autoconfigure.portal;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jsoup.nodes.Document;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MvcResult;

import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A portal link opens the portal once, and the portal names the account it is for, so that a
 * link sent to someone else cannot quietly have their top-up credit the sender.
 */
class PortalLinkOnceTests {

	private final WebApplicationContextRunner runner = Portals.runner();

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void thePortalNamesTheAccountItIsFor() {
		this.runner.run((context) -> {
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "ada@example.com"));
			Document page = browser.page("/billing/portal");
			assertThat(page.selectFirst("#account").text()).isEqualTo("Billing for ada@example.com");
		});
	}

	@Test
	void theAccountNameIsEscaped() {
		this.runner.run((context) -> {
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "<b>ada</b>"));
			MvcResult page = browser.get("/billing/portal");
			assertThat(page.getResponse().getContentAsString()).contains("&lt;b&gt;ada&lt;/b&gt;")
				.doesNotContain("<b>ada</b>");
			assertThat(Browser.document(page).selectFirst("#account-customer").text()).isEqualTo("<b>ada</b>");
		});
	}

	@Test
	void aSecondOpenOfTheSameLinkInAnotherBrowserGetsThe401PageAndOpensNothing() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "4.50"));
			String link = Portals.link(context, "alice");
			Browser alice = new Browser(context);
			assertThat(Browser.seeOther(alice.get(link))).isEqualTo("/billing/portal");

			Browser someoneElse = new Browser(context);
			MvcResult again = someoneElse.get(link);

			assertThat(again.getResponse().getStatus()).isEqualTo(401);
			assertThat(again.getResponse().getContentAsString()).doesNotContain("alice").doesNotContain("$4.50");
			assertThat(someoneElse.get("/billing/portal").getResponse().getStatus()).isEqualTo(401);
			assertThat(alice.page("/billing/portal").selectFirst("#balance").text()).contains("$4.50");
		});
	}

	@Test
	void aSecondOpenOfTheSameLinkInTheSameBrowserGetsThe401Page() {
		this.runner.run((context) -> {
			String link = Portals.link(context, "alice");
			Browser browser = new Browser(context);
			browser.get(link);
			assertThat(browser.get(link).getResponse().getStatus()).isEqualTo(401);
		});
	}

	@Test
	void aFreshLinkForTheSameCustomerStillOpens() {
		this.runner.run((context) -> {
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));
			browser.clearCookies();
			assertThat(Browser.seeOther(browser.get(Portals.link(context, "alice")))).isEqualTo("/billing/portal");
		});
	}

	@Test
	void aSignedInCustomerWhoseLinkWasUsedReopensTheirOwnPortal() {
		this.runner.run((context) -> {
			Portals.signIn("alice");
			String link = Portals.link(context, "alice");
			Browser browser = new Browser(context);
			browser.get(link);
			browser.clearCookies();
			MvcResult used = browser.get(link);
			assertThat(used.getResponse().getStatus()).isEqualTo(401);
			assertThat(Browser.document(used).selectFirst("#portal-reopen").attr("href"))
				.isEqualTo("/billing/portal/open");
			assertThat(Browser.seeOther(browser.get("/billing/portal/open"))).isEqualTo("/billing/portal");
			assertThat(browser.page("/billing/portal").selectFirst("#account").text())
				.isEqualTo("Billing for alice");
		});
	}

	@Test
	void aLinkRefusedForAnotherSignedInUserIsNotSpent() {
		this.runner.run((context) -> {
			String link = Portals.link(context, "alice");
			Portals.signIn("mallory");
			assertThat(new Browser(context).get(link).getResponse().getStatus()).isEqualTo(401);
			SecurityContextHolder.clearContext();
			assertThat(Browser.seeOther(new Browser(context).get(link))).isEqualTo("/billing/portal");
		});
	}

	@Test
	void usedLinksAreRememberedInTheDatabaseAndForgottenAfterTheyExpire() {
		MutableClock clock = new MutableClock(Instant.parse("2025-01-15T10:00:00Z"));
		this.runner.withBean(MutableClock.class, () -> clock).run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			new Browser(context).get(Portals.link(context, "alice"));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM credyt_portal_link", Long.class)).isEqualTo(1);

			clock.advance(Duration.ofMinutes(11));
			new Browser(context).get(Portals.link(context, "bob"));

			assertThat(jdbc.queryForList("SELECT COUNT(*) FROM credyt_portal_link", Long.class)).containsExactly(1L);
		});
	}

}

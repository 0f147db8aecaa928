package io.credyt.autoconfigure.admin;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.autoconfigure.webhook.CredytWebhooksAutoConfiguration;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;
import io.credyt.testing.MutableClock;
import io.credyt.webhook.JdbcWebhookDestinations;
import io.credyt.webhook.WebhookDestination;

import static io.credyt.autoconfigure.admin.AdminContexts.element;
import static io.credyt.autoconfigure.admin.AdminContexts.mvc;
import static io.credyt.autoconfigure.admin.AdminContexts.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The dashboard's webhooks page: destinations with masked secrets and their latest deliveries,
 * and the operator's disable, enable and secret rotation, each a POST with the CSRF token.
 */
class AdminWebhooksTests {

	private static final String SECRET = WebhookDestination.newSecret();

	private static final String MASKED = "whsec_…" + SECRET.substring(SECRET.length() - 4);

	private static final Pattern NEW_SECRET = Pattern.compile("id=\"new-secret\">([^<]+)<");

	private final WebhookApplicationRunner runner = new WebhookApplicationRunner();

	@Test
	void thePageListsTheDestinationWithItsSecretMaskedAndTheLatestDeliveriesNewestFirst() {
		this.runner.get().run((context) -> {
			fourCharges(context);
			String page = page(context, "/billing/admin/webhooks");
			String destination = element(page, "destination-crm");
			assertThat(destination).contains("http://127.0.0.1:9/hook")
				.contains("balance.low, usage.recorded")
				.contains(MASKED)
				.contains("Enabled");
			assertThat(element(destination, "destination-crm")).contains("class=\"num pending\">5<");
			assertThat(page).doesNotContain(SECRET);
			assertThat(rows(element(page, "deliveries"))).hasSize(5)
				.allSatisfy((row) -> assertThat(row).contains("PENDING").contains("alice").contains("crm"));
			assertThat(element(page, "deliveries")).contains("balance.low");
			assertThat(rows(element(page, "deliveries")).get(0)).contains("usage.recorded").contains("12:04:00");
			assertThat(rows(element(page, "deliveries")).get(4)).contains("usage.recorded").contains("12:01:00");
			assertThat(rows(element(page(context, "/billing/admin/webhooks?destination=crm"), "deliveries"))).hasSize(5);
			mvc(context).perform(get("/billing/admin/webhooks").param("destination", "nobody")
				.with(AdminDashboardTests.admin())).andExpect(status().isNotFound());
			assertThat(page(context, "/billing/admin")).contains("id=\"nav-webhooks\"");
		});
	}

	@Test
	void aDisabledDestinationShowsItsEscapedReasonAndGetsNoDeliveriesUntilEnabled() {
		this.runner.get().run((context) -> {
			fourCharges(context);
			JdbcWebhookDestinations destinations = context.getBean(JdbcWebhookDestinations.class);
			String confirm = page(context, "/billing/admin/webhooks/crm/disable");
			assertThat(confirm).contains("id=\"reason\"").contains("Nothing has changed yet");
			assertThat(destinations.find("crm").orElseThrow().destination().enabled()).isTrue();
			mvc(context)
				.perform(post("/billing/admin/webhooks/crm/disable").param("reason", "<b>moved</b> to a new CRM")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().is3xxRedirection())
				.andExpect(redirectedUrl("/billing/admin/webhooks"))
				.andExpect(flash().attribute("notice", "Disabled crm: no deliveries are written or sent for it."));
			assertThat(destinations.find("crm").orElseThrow().destination().enabled()).isFalse();
			String destination = element(page(context, "/billing/admin/webhooks"), "destination-crm");
			assertThat(destination).contains("Disabled")
				.contains("&lt;b&gt;moved&lt;/b&gt; to a new CRM")
				.doesNotContain("<b>moved")
				.contains("Enable…");

			charge(context, "alice-5");
			assertThat(deliveries(context)).isEqualTo(5);

			page(context, "/billing/admin/webhooks/crm/enable");
			mvc(context)
				.perform(post("/billing/admin/webhooks/crm/enable").with(AdminDashboardTests.admin()).with(csrf()))
				.andExpect(status().is3xxRedirection());
			assertThat(destinations.find("crm").orElseThrow().destination().enabled()).isTrue();
			assertThat(destinations.find("crm").orElseThrow().disabledReason()).isNull();
			charge(context, "alice-6");
			assertThat(deliveries(context)).isEqualTo(6);
		});
	}

	@Test
	void anOperatorAddsADestinationAndSeesItsSecretOnce() {
		this.runner.get().run((context) -> {
			JdbcWebhookDestinations destinations = context.getBean(JdbcWebhookDestinations.class);
			assertThat(element(page(context, "/billing/admin/webhooks"), "new-destination")).contains("name=\"url\"");
			String result = mvc(context)
				.perform(post("/billing/admin/webhooks/destinations").param("name", "mailer")
					.param("url", "https://mailer.example.com/credyt")
					.param("topics", "balance.low, topup.failed")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			Matcher secret = NEW_SECRET.matcher(result);
			assertThat(secret.find()).isTrue();
			WebhookDestination added = destinations.find("mailer").orElseThrow().destination();
			assertThat(added.secret()).isEqualTo(secret.group(1));
			assertThat(added.topics()).extracting(io.credyt.webhook.WebhookTopic::wireName)
				.containsExactlyInAnyOrder("balance.low", "topup.failed");
			assertThat(page(context, "/billing/admin/webhooks")).contains("id=\"destination-mailer\"")
				.doesNotContain(added.secret());
			mvc(context)
				.perform(post("/billing/admin/webhooks/destinations").param("name", "mailer")
					.param("url", "https://other.example.com/credyt")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().isBadRequest());
			mvc(context)
				.perform(post("/billing/admin/webhooks/destinations").param("name", "ftp")
					.param("url", "ftp://example.com/x")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().isBadRequest());
			mvc(context)
				.perform(post("/billing/admin/webhooks/destinations").param("name", "forged")
					.param("url", "https://evil.example.com/x")
					.with(AdminDashboardTests.admin()))
				.andExpect(status().isForbidden());
			assertThat(destinations.all()).extracting((stored) -> stored.destination().name())
				.containsExactly("crm", "mailer");
		});
	}

	@Test
	void rotatingTheSecretShowsTheNewOneOnceAndStoresIt() {
		this.runner.get().run((context) -> {
			JdbcWebhookDestinations destinations = context.getBean(JdbcWebhookDestinations.class);
			assertThat(page(context, "/billing/admin/webhooks/crm/rotate-secret")).contains(MASKED)
				.doesNotContain(SECRET);
			String result = mvc(context)
				.perform(post("/billing/admin/webhooks/crm/rotate-secret").with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			Matcher matcher = NEW_SECRET.matcher(result);
			assertThat(matcher.find()).isTrue();
			String secret = matcher.group(1);
			assertThat(secret).startsWith("whsec_").isNotEqualTo(SECRET);
			assertThat(destinations.find("crm").orElseThrow().destination().secret()).isEqualTo(secret);
			String page = page(context, "/billing/admin/webhooks");
			assertThat(page).doesNotContain(secret).contains("whsec_…" + secret.substring(secret.length() - 4));
		});
	}

	@Test
	void actionsWithoutTheCsrfTokenOrTheRoleAreRefusedAndChangeNothing() {
		this.runner.get().run((context) -> {
			JdbcWebhookDestinations destinations = context.getBean(JdbcWebhookDestinations.class);
			for (String action : new String[] { "disable", "rotate-secret" }) {
				mvc(context)
					.perform(post("/billing/admin/webhooks/crm/" + action).param("reason", "forged")
						.with(AdminDashboardTests.admin()))
					.andExpect(status().isForbidden());
				mvc(context)
					.perform(post("/billing/admin/webhooks/crm/" + action).param("reason", "forged")
						.with(user("mallory").roles("USER"))
						.with(csrf()))
					.andExpect(status().isForbidden());
			}
			mvc(context).perform(get("/billing/admin/webhooks").with(user("mallory").roles("USER")))
				.andExpect(status().isForbidden());
			JdbcWebhookDestinations.StoredDestination crm = destinations.find("crm").orElseThrow();
			assertThat(crm.destination().enabled()).isTrue();
			assertThat(crm.disabledReason()).isNull();
			assertThat(crm.destination().secret()).isEqualTo(SECRET);
		});
	}

	@Test
	void withoutWebhooksThereIsNoPageAndNoLink() {
		AdminContexts.runner().run((context) -> {
			assertThat(context).doesNotHaveBean(CredytWebhooksAdminController.class);
			assertThat(page(context, "/billing/admin")).doesNotContain("nav-webhooks");
			mvc(context).perform(get("/billing/admin/webhooks").with(AdminDashboardTests.admin()))
				.andExpect(status().isNotFound());
		});
	}

	private static void fourCharges(AssertableWebApplicationContext context) {
		context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "10.00"));
		for (int i = 1; i <= 4; i++) {
			charge(context, "alice-" + i);
		}
	}

	private static void charge(AssertableWebApplicationContext context, String id) {
		context.getBean(MutableClock.class).advance(Duration.ofMinutes(1));
		context.getBean(Ledger.class).record(UsageEvent.of(id, "alice", "image", 1));
	}

	private static long deliveries(AssertableWebApplicationContext context) {
		Long count = new JdbcTemplate(context.getBean(DataSource.class))
			.queryForObject("SELECT COUNT(*) FROM credyt_webhook_delivery WHERE destination = 'crm'", Long.class);
		return (count != null) ? count : 0;
	}

	private static String page(AssertableWebApplicationContext context, String url) throws Exception {
		return mvc(context).perform(get(url).with(AdminDashboardTests.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	/** The dashboard's application with one destination, crm, whose deliveries are never sent. */
	private static final class WebhookApplicationRunner {

		WebApplicationContextRunner get() {
			return AdminContexts.runner()
				.withConfiguration(AutoConfigurations.of(CredytWebhooksAutoConfiguration.class))
				.withPropertyValues("credyt.webhooks.destinations.crm.url=http://127.0.0.1:9/hook",
						"credyt.webhooks.destinations.crm.topics=balance.low,usage.recorded",
						"credyt.webhooks.destinations.crm.secret=" + SECRET, "credyt.webhooks.balance-low.amounts.USD=9.60",
						"credyt.webhooks.delivery.enabled=false");
		}

	}

}

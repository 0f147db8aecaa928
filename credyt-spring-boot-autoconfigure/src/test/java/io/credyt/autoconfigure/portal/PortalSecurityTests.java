package io.credyt.autoconfigure.portal;

import java.nio.charset.StandardCharsets;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.credyt.payment.PaymentStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * The portal in an application secured by Spring Security: the application's own filter chain
 * authenticates every request, yet the portal link flow works, and the portal's forms stay
 * protected against CSRF.
 */
class PortalSecurityTests {

	private final WebApplicationContextRunner runner = Portals.runner()
		.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
				UserDetailsServiceAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
		.withUserConfiguration(PortalPageTests.Home.class);

	@Test
	void anApplicationThatAuthenticatesEveryRequestStillServesThePortalLinkFlow() {
		this.runner.withUserConfiguration(AppSecurity.class).run((context) -> {
			Browser browser = browser(context);
			assertThat(browser.get("/home").getResponse().getStatus()).as("the application's own rule").isEqualTo(302);
			MvcResult opened = browser.get(Portals.link(context, "alice"));
			assertThat(Browser.seeOther(opened)).isEqualTo("/billing/portal");
			Document portal = browser.page("/billing/portal");
			assertThat(portal.selectFirst("#balance")).isNotNull();
			assertThat(browser.page(PortalTopUpTests.startTopUp(browser, "preset", "10"))
				.selectFirst("#test-mode-banner")).isNotNull();
		});
	}

	@Test
	void csrfStillProtectsThePortalsForms() {
		this.runner.withUserConfiguration(AppSecurity.class).run((context) -> {
			Browser browser = browser(context);
			browser.get(Portals.link(context, "alice"));
			Document portal = browser.page("/billing/portal");
			String csrf = portal.selectFirst("#top-up-form input[name=_csrf]").val();
			assertThat(csrf).isNotBlank();
			assertThat(browser.post("/billing/portal/top-up", "preset", "10").getResponse().getStatus())
				.isEqualTo(403);
			assertThat(browser.post("/billing/portal/top-up", "preset", "10", "_csrf", "forged").getResponse().getStatus())
				.isEqualTo(403);
			assertThat(PortalTopUpTests.payments(context, "alice")).isEmpty();

			String checkout = Browser.seeOther(browser.post("/billing/portal/top-up", "preset", "10", "_csrf", csrf));
			Document form = browser.page(checkout);
			String checkoutCsrf = form.selectFirst("#checkout-form input[name=_csrf]").val();
			String session = form.selectFirst("#checkout-form input[name=session]").val();
			assertThat(browser.post("/billing/test-checkout", "session", session, "cardNumber", "4242 4242 4242 4242")
				.getResponse()
				.getStatus()).isEqualTo(403);
			String returnUrl = Browser.seeOther(browser.post("/billing/test-checkout", "session", session,
					"cardNumber", "4242 4242 4242 4242", "_csrf", checkoutCsrf));
			Browser.seeOther(browser.get(returnUrl));
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("10.00");
			assertThat(PortalTopUpTests.payments(context, "alice")).singleElement()
				.satisfies((payment) -> assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED));
		});
	}

	@Test
	void theSignedInUserMayOnlyOpenTheirOwnPortal() {
		this.runner.withUserConfiguration(AppSecurity.class).run((context) -> {
			Browser browser = browser(context);
			PortalPageTests.assertUnauthorized(
					browser.perform(MockMvcRequestBuilders.get(Portals.link(context, "alice")).with(user("bob"))));
			MvcResult own = browser
				.perform(MockMvcRequestBuilders.get(Portals.link(context, "alice")).with(user("alice")));
			assertThat(Browser.seeOther(own)).isEqualTo("/billing/portal");
			PortalPageTests.assertUnauthorized(
					browser.perform(MockMvcRequestBuilders.get("/billing/portal").with(user("bob"))));
		});
	}

	@Test
	void theStripeWebhookNeedsNeitherALoginNorACsrfToken() {
		this.runner.withUserConfiguration(AppSecurity.class, StripeWebhookEndpointTests.StripeStandIn.class)
			.run((context) -> {
				MvcResult result = browser(context).perform(MockMvcRequestBuilders.post("/billing/webhooks/stripe")
					.content("{}".getBytes(StandardCharsets.UTF_8))
					.header("Stripe-Signature", "t=1,v1=00"));
				assertThat(result.getResponse().getStatus()).as("refused by the signature check, not by security")
					.isEqualTo(400);
			});
	}

	@Test
	void bootsDefaultFilterChainLetsThePortalThroughToo() {
		this.runner.run((context) -> {
			Browser browser = browser(context);
			assertThat(browser.get("/home").getResponse().getStatus()).isEqualTo(401);
			assertThat(Browser.seeOther(browser.get(Portals.link(context, "alice")))).isEqualTo("/billing/portal");
			assertThat(browser.page("/billing/portal").selectFirst("#balance")).isNotNull();
		});
	}

	@Test
	void theApplicationCanKeepThePortalPathsToItsOwnRules() {
		this.runner.withUserConfiguration(AppSecurity.class)
			.withPropertyValues("credyt.portal.security.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PortalSecurityCustomizer.class);
				assertThat(browser(context).get(Portals.link(context, "alice")).getResponse().getStatus())
					.isEqualTo(302);
			});
	}

	private static Browser browser(ApplicationContext context) {
		return new Browser(
				MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).apply(springSecurity()).build());
	}

	@Configuration(proxyBeanMethods = false)
	static class AppSecurity {

		@Bean
		SecurityFilterChain application(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.build();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}secret").roles("USER").build(),
					User.withUsername("bob").password("{noop}secret").roles("USER").build());
		}

	}

}

package io.credyt.autoconfigure.portal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.DispatcherServlet;
import org.thymeleaf.spring6.SpringTemplateEngine;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.autoconfigure.web.BalanceView;
import io.credyt.ledger.Ledger;
import io.credyt.stripe.StripeWebhooks;

import static org.assertj.core.api.Assertions.assertThat;

class PortalAutoConfigurationTests {

	private static final String SECRET = "a signing secret of at least 32 characters";

	private final WebApplicationContextRunner runner = Portals.runner();

	@Test
	void thePortalTheTestCheckoutAndTheSecurityRuleAreConfigured() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PortalLinks.class);
			assertThat(context).hasSingleBean(PortalController.class);
			assertThat(context).hasSingleBean(TestCheckoutController.class);
			assertThat(context).doesNotHaveBean(StripeWebhookController.class);
			PortalSecurityCustomizer security = context.getBean(PortalSecurityCustomizer.class);
			assertThat(security.permitted()).containsExactly("/billing/portal", "/billing/portal/**",
					"/billing/test-checkout");
			assertThat(security.csrfExempt()).isEmpty();
		});
	}

	@Test
	void thePortalBacksOffWhenDisabledButTheTestCheckoutStays() {
		this.runner.withPropertyValues("credyt.portal.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(PortalLinks.class);
			assertThat(context).doesNotHaveBean(PortalController.class);
			assertThat(context).hasSingleBean(TestCheckoutController.class);
			assertThat(context.getBean(PortalSecurityCustomizer.class).permitted())
				.containsExactly("/billing/test-checkout");
			assertThat(new Browser(context).get("/billing/portal").getResponse().getStatus()).isEqualTo(404);
		});
	}

	@Test
	void thePortalBacksOffWithoutSpringMvc() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PortalLinks.class);
			assertThat(context).doesNotHaveBean(PortalController.class);
			assertThat(context).doesNotHaveBean(TestCheckoutController.class);
			assertThat(context).doesNotHaveBean(PortalSecurityCustomizer.class);
		});
	}

	@Test
	void thePagesBackOffWithoutThymeleafButTheWebhookStays() {
		this.runner.withClassLoader(new FilteredClassLoader(SpringTemplateEngine.class))
			.withUserConfiguration(StripeWebhookEndpointTests.StripeStandIn.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PortalController.class);
				assertThat(context).doesNotHaveBean(TestCheckoutController.class);
				assertThat(context).hasSingleBean(StripeWebhookController.class);
			});
	}

	@Test
	void thePortalBacksOffWithoutALedger() {
		new WebApplicationContextRunner().withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytPaymentsAutoConfiguration.class,
					CredytPortalAutoConfiguration.class, JacksonAutoConfiguration.class,
					HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
					ThymeleafAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(Ledger.class);
				assertThat(context).doesNotHaveBean(PortalLinks.class);
				assertThat(context).doesNotHaveBean(PortalController.class);
				assertThat(context).doesNotHaveBean(TestCheckoutController.class);
			});
	}

	@Test
	void thePortalBacksOffOutsideAWebApplication() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytPaymentsAutoConfiguration.class,
					CredytPortalAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PortalLinks.class);
				assertThat(context).doesNotHaveBean(PortalController.class);
			});
	}

	@Test
	void thePortalBacksOffWhenCredytIsDisabled() {
		this.runner.withPropertyValues("credyt.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(PortalLinks.class);
			assertThat(context).doesNotHaveBean(PortalController.class);
			assertThat(context).doesNotHaveBean(TestCheckoutController.class);
		});
	}

	@Test
	void thePortalWorksWithoutSpringSecurity() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpSecurity.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(PortalSecurityCustomizer.class);
			Browser browser = new Browser(context);
			Browser.seeOther(browser.get(Portals.link(context, "alice")));
			assertThat(browser.page("/billing/portal").selectFirst("#balance")).isNotNull();
		});
	}

	@Test
	void theWebhookEndpointComesWithAStripeWebhookSecret() {
		this.runner
			.withPropertyValues("credyt.payments.stripe.secret-key=sk_test_portal",
					"credyt.payments.stripe.webhook-secret=whsec_portal")
			.run((context) -> {
				assertThat(context).hasSingleBean(StripeWebhooks.class);
				assertThat(context).hasSingleBean(StripeWebhookController.class);
				PortalSecurityCustomizer security = context.getBean(PortalSecurityCustomizer.class);
				assertThat(security.permitted()).contains("/billing/webhooks/stripe");
				assertThat(security.csrfExempt()).containsExactly("/billing/webhooks/stripe");
			});
	}

	@Test
	void thereIsNoWebhookEndpointWithoutCredytStripe() {
		this.runner.withClassLoader(new FilteredClassLoader(StripeWebhooks.class))
			.withPropertyValues("credyt.payments.stripe.webhook-secret=whsec_portal")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(StripeWebhookController.class);
			});
	}

	@Test
	void theGeneratedKeyIsStoredOnFirstUseAndSharedThroughTheDatabase() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM credyt_secret", Integer.class)).isZero();
			String token = PortalLinksTests.token(Portals.link(context, "alice"));
			assertThat(jdbc.queryForList("SELECT name FROM credyt_secret", String.class)).containsExactly("portal-link");
			JdbcSecrets another = new JdbcSecrets(context.getBean(DataSource.class), Clock.systemUTC());
			PortalLinks elsewhere = new PortalLinks(another.getOrCreate(JdbcSecrets.PORTAL_LINK, 32),
					"/billing/portal", Duration.ofMinutes(10), Clock.systemUTC());
			assertThat(elsewhere.verify(token)).isEqualTo("alice");
		});
	}

	@Test
	void aConfiguredSigningSecretSignsTheLinksAndNothingIsStored() {
		this.runner.withPropertyValues("credyt.portal.signing-secret=" + SECRET).run((context) -> {
			String token = PortalLinksTests.token(Portals.link(context, "alice"));
			PortalLinks sameSecret = new PortalLinks(SECRET.getBytes(StandardCharsets.UTF_8), "/billing/portal",
					Duration.ofMinutes(10), Clock.systemUTC());
			assertThat(sameSecret.verify(token)).isEqualTo("alice");
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForObject("SELECT COUNT(*) FROM credyt_secret", Integer.class)).isZero();
		});
	}

	@Test
	void theApplicationsOwnPortalLinksReplaceOurs() {
		this.runner.withUserConfiguration(OwnLinks.class).withUserConfiguration(PortalPageTests.Home.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(PortalLinks.class);
				assertThat(context).hasBean("ownPortalLinks");
				Portals.signIn("alice");
				try {
					Browser browser = new Browser(context);
					String link = ((BalanceView) browser.get("/home")
						.getModelAndView()
						.getModel()
						.get("credyt")).getPortalUrl();
					assertThat(context.getBean(PortalLinks.class).verify(PortalLinksTests.token(link)))
						.isEqualTo("alice");
					assertThat(Browser.seeOther(browser.get(link))).isEqualTo("/billing/portal");
				}
				finally {
					SecurityContextHolder.clearContext();
				}
			});
	}

	@Test
	void badPortalSettingsFailTheStartUp() {
		assertInvalid("credyt.portal.path", "credyt.portal.path=billing");
		assertInvalid("credyt.portal.path", "credyt.portal.path=/billing/");
		assertInvalid("credyt.portal.path", "credyt.portal.path=/billing/*");
		assertInvalid("credyt.portal.brand.primary-color", "credyt.portal.brand.primary-color=blue");
		assertInvalid("credyt.portal.brand.primary-color", "credyt.portal.brand.primary-color=#12345");
		assertInvalid("credyt.portal.signing-secret", "credyt.portal.signing-secret=too-short");
		assertInvalid("credyt.portal.page-size", "credyt.portal.page-size=0");
		assertInvalid("credyt.portal.page-size", "credyt.portal.page-size=501");
		assertInvalid("credyt.portal.link-ttl", "credyt.portal.link-ttl=0s");
		assertInvalid("credyt.portal.return-url", "credyt.portal.return-url= ");
	}

	@Test
	void aSigningSecretThatIsTooShortIsNotEchoedInTheFailure() {
		this.runner.withPropertyValues("credyt.portal.signing-secret=too-short").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(CredytAutoConfigurations.invalidProperty(context.getStartupFailure()).getMessage())
				.doesNotContain("too-short");
		});
	}

	private void assertInvalid(String property, String setting) {
		this.runner.withPropertyValues(setting).run((context) -> {
			assertThat(context).as(setting).hasFailed();
			assertThat(CredytAutoConfigurations.invalidProperty(context.getStartupFailure()).getName())
				.isEqualTo(property);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLinks {

		@Bean
		PortalLinks ownPortalLinks() {
			return new PortalLinks(SECRET.getBytes(StandardCharsets.UTF_8), "/billing/portal", Duration.ofMinutes(5),
					Clock.systemUTC());
		}

	}

}

package io.credyt.autoconfigure.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.report.BillingReports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * When the dashboard is on, and with what settings.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminAutoConfigurationTests {

	private static final FilteredClassLoader WITHOUT_SPRING_SECURITY = new FilteredClassLoader(
			"org.springframework.security.config", "org.springframework.security.web");

	@Test
	void withSpringSecurityTheDashboardIsOnAndGuardedInEveryChain() {
		AdminContexts.runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(CredytAdminController.class);
			assertThat(context).getBean(AdminAccess.class).isInstanceOf(RoleAdminAccess.class);
			assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(Customizer.class, HttpSecurity.class)))
				.contains("credytAdminSecurityCustomizer");
		});
	}

	@Test
	void withoutSpringSecurityThereIsNoDashboard() {
		AdminContexts.withoutSecurityChain().withClassLoader(WITHOUT_SPRING_SECURITY).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CredytAdminController.class);
			assertThat(context).doesNotHaveBean(AdminAccess.class);
			assertThat(context).hasSingleBean(BillingReports.class);
			MockMvcBuilders.webAppContextSetup(context)
				.build()
				.perform(get("/billing/admin"))
				.andExpect(status().isNotFound());
		});
	}

	@Test
	void enabledExplicitlyWithoutSpringSecurityTheDashboardIsOpenAndAWarningSaysSo(CapturedOutput output) {
		AdminContexts.withoutSecurityChain()
			.withClassLoader(WITHOUT_SPRING_SECURITY)
			.withPropertyValues("credyt.admin.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "1.00"));
				String page = MockMvcBuilders.webAppContextSetup(context)
					.build()
					.perform(get("/billing/admin"))
					.andExpect(status().isOk())
					.andReturn()
					.getResponse()
					.getContentAsString();
				assertThat(AdminContexts.element(page, "customers")).contains("alice");
				assertThat(output).contains("WARN")
					.contains("The billing dashboard at /billing/admin is enabled without Spring Security");
			});
	}

	@Test
	void withSpringSecurityNoWarningIsLogged(CapturedOutput output) {
		AdminContexts.runner().withPropertyValues("credyt.admin.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(CredytAdminController.class);
			assertThat(output).doesNotContain("enabled without Spring Security");
		});
	}

	@Test
	void disabledThereIsNoDashboardNorAnyChangeToTheSecurityChains() {
		AdminContexts.runner().withPropertyValues("credyt.admin.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CredytAdminController.class);
			assertThat(context).doesNotHaveBean("credytAdminSecurityCustomizer");
			assertThat(context).hasSingleBean(BillingReports.class);
			AdminContexts.mvc(context)
				.perform(get("/billing/admin").with(user("operator").roles("BILLING_ADMIN")))
				.andExpect(status().isNotFound());
		});
	}

	@Test
	void noDashboardOutsideAWebApplicationWithoutThymeleafOrWhenCredytIsOff() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytReportsAutoConfiguration.class,
					CredytAdminAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(CredytAdminController.class);
			});
		AdminContexts.runner()
			.withClassLoader(new FilteredClassLoader("org.thymeleaf"))
			.run((context) -> assertThat(context).doesNotHaveBean(CredytAdminController.class));
		AdminContexts.runner()
			.withPropertyValues("credyt.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CredytAdminController.class));
	}

	@Test
	void theApplicationsOwnControllerReplacesOurs() {
		AdminContexts.runner().withUserConfiguration(OwnController.class).run((context) -> {
			assertThat(context).hasSingleBean(CredytAdminController.class);
			assertThat(context).hasBean("ownAdminController");
		});
	}

	@Test
	void settingsThatWouldMisplaceOrWeakenTheDashboardFailTheStartUp() {
		assertInvalid("credyt.admin.path", "billing/admin");
		assertInvalid("credyt.admin.path", "/billing/admin/");
		assertInvalid("credyt.admin.path", "/");
		assertInvalid("credyt.admin.path", "/billing/{admin}");
		assertInvalid("credyt.admin.path", "/billing/**");
		assertInvalid("credyt.admin.path", "/billing/../admin");
		assertInvalid("credyt.admin.role", "ROLE_BILLING_ADMIN");
		assertInvalid("credyt.admin.role", " ");
		assertInvalid("credyt.admin.page-size", "0");
		assertInvalid("credyt.admin.page-size", "501");
		assertInvalid("credyt.admin.asset", "EUR");
	}

	@Test
	void theDashboardsAutoConfigurationIsListedForSpringBootToFind() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(CredytAdminAutoConfiguration.class.getName());
	}

	private static void assertInvalid(String property, String value) {
		AdminContexts.runner().withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).as("%s=%s", property, value).hasFailed();
			assertThat(CredytAutoConfigurations.invalidProperty(context.getStartupFailure()).getName())
				.isEqualTo(property);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnController {

		@Bean
		CredytAdminController ownAdminController(Ledger ledger, BillingReports reports, AdminAccess access,
				ObjectProvider<io.credyt.payment.PaymentStore> payments,
				ObjectProvider<io.credyt.payment.AutoTopUps> autoTopUps,
				ObjectProvider<io.credyt.payment.TopUpPolicy> policy,
				ObjectProvider<io.credyt.adjust.Adjustments> adjustments,
				ObjectProvider<io.credyt.webhook.JdbcWebhookDestinations> webhooks,
				ObjectProvider<io.credyt.subscription.Subscriptions> subscriptions) {
			return new CredytAdminController(ledger, reports, payments, autoTopUps, policy, access,
					new CredytAdminProperties(), java.time.Clock.systemUTC(), adjustments, webhooks, subscriptions);
		}

	}

}

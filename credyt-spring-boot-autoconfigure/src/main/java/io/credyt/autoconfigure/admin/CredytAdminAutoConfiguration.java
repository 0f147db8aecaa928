package io.credyt.autoconfigure.admin;

import java.time.Clock;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.core.GrantedAuthorityDefaults;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import io.credyt.adjust.Adjustments;
import io.credyt.catalog.UnknownAssetException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.AutoTopUps;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TopUpPolicy;
import io.credyt.autoconfigure.subscription.CredytSubscriptionsAutoConfiguration;
import io.credyt.autoconfigure.webhook.CredytWebhooksAutoConfiguration;
import io.credyt.report.BillingReports;
import io.credyt.subscription.Subscriptions;
import io.credyt.webhook.JdbcWebhookDestinations;
import io.credyt.webhook.WebhookOutbox;

/**
 * The operator dashboard ({@link CredytAdminController}) in a Spring MVC application with
 * Thymeleaf, at {@code credyt.admin.path}, with its webhooks page when the application sends
 * webhooks and its subscriptions page ({@link CredytSubscriptionsAdminController}) when it has plans.
 *
 * <p>
 * With Spring Security on the class path it is on by default and only for the role
 * {@code credyt.admin.role}, checked twice: a filter added to every security filter chain (through
 * a {@code Customizer<HttpSecurity>} bean, which Spring Security applies to each
 * {@link HttpSecurity} it builds) refuses other users before the request reaches Spring MVC, and
 * the controller refuses them again. Without Spring Security it is off unless
 * {@code credyt.admin.enabled=true}, and then open to anyone, with a warning at start-up.
 */
@AutoConfiguration(after = { CredytReportsAutoConfiguration.class, CredytWebhooksAutoConfiguration.class,
		CredytSubscriptionsAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = { "org.springframework.web.servlet.DispatcherServlet",
		"org.thymeleaf.spring6.SpringTemplateEngine" })
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@Conditional(OnAdminEnabledCondition.class)
@ConditionalOnBean({ Ledger.class, BillingReports.class })
@EnableConfigurationProperties(CredytAdminProperties.class)
public final class CredytAdminAutoConfiguration {

	private static final Log logger = LogFactory.getLog(CredytAdminAutoConfiguration.class);

	private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

	@Bean
	@ConditionalOnMissingBean
	CredytAdminController credytAdminController(Ledger ledger, BillingReports reports,
			ObjectProvider<PaymentStore> paymentStore, ObjectProvider<AutoTopUps> autoTopUps,
			ObjectProvider<TopUpPolicy> topUpPolicy, AdminAccess access, CredytAdminProperties properties,
			ObjectProvider<Clock> clock, ObjectProvider<Adjustments> adjustments,
			ObjectProvider<JdbcWebhookDestinations> webhooks, ObjectProvider<Subscriptions> subscriptions) {
		validate(properties);
		try {
			ledger.catalog().asset(properties.getAsset());
		}
		catch (UnknownAssetException ex) {
			throw new InvalidConfigurationPropertyValueException("credyt.admin.asset", properties.getAsset(),
					"unknown asset; declare it under credyt.assets");
		}
		return new CredytAdminController(ledger, reports, paymentStore, autoTopUps, topUpPolicy, access, properties,
				clock.getIfAvailable(Clock::systemUTC), adjustments, webhooks, subscriptions);
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnAdminEnabledCondition.SecurityAbsent.class)
	AdminAccess credytOpenAdminAccess(CredytAdminProperties properties) {
		validate(properties);
		logger.warn("The billing dashboard at " + properties.getPath() + " is enabled without Spring Security: "
				+ "anyone who can reach that path sees every customer's billing. Add Spring Security to restrict it "
				+ "to the role " + properties.getRole() + ", or set credyt.admin.enabled=false.");
		return (request) -> true;
	}

	/** Fails the start-up on a setting that would leave the dashboard misplaced or unprotected. */
	static void validate(CredytAdminProperties properties) {
		String path = properties.getPath();
		if (path == null || !PATH.matcher(path).matches() || path.contains("/./") || path.endsWith("/.")
				|| path.contains("/../") || path.endsWith("/..")) {
			throw new InvalidConfigurationPropertyValueException("credyt.admin.path", path,
					"a slash followed by segments of letters, digits, '.', '_', '~' and '-', "
							+ "without a trailing slash, e.g. /billing/admin");
		}
		String role = properties.getRole();
		if (role == null || role.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("credyt.admin.role", role, "a role is required");
		}
		if (role.startsWith("ROLE_")) {
			throw new InvalidConfigurationPropertyValueException("credyt.admin.role", role,
					"give the role without the ROLE_ prefix, e.g. " + role.substring("ROLE_".length()));
		}
		if (properties.getPageSize() < 1 || properties.getPageSize() > PageRequest.MAX_SIZE) {
			throw new InvalidConfigurationPropertyValueException("credyt.admin.page-size", properties.getPageSize(),
					"must be between 1 and " + PageRequest.MAX_SIZE);
		}
	}

	/** The webhooks page, when the application sends webhooks. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(JdbcWebhookDestinations.class)
	static class WebhooksPageConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CredytWebhooksAdminController credytWebhooksAdminController(CredytAdminController dashboard,
				JdbcWebhookDestinations destinations, ObjectProvider<WebhookOutbox> outbox, AdminAccess access,
				CredytAdminProperties properties) {
			return new CredytWebhooksAdminController(dashboard, destinations, outbox, access, properties);
		}

	}

	/** The subscriptions page, when the application has plans. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(Subscriptions.class)
	static class SubscriptionsPageConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CredytSubscriptionsAdminController credytSubscriptionsAdminController(CredytAdminController dashboard,
				Subscriptions subscriptions, BillingReports reports, AdminAccess access,
				CredytAdminProperties properties) {
			return new CredytSubscriptionsAdminController(dashboard, subscriptions, reports, access, properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { OnAdminEnabledCondition.HTTP_SECURITY, OnAdminEnabledCondition.SECURITY_FILTER_CHAIN })
	static class SecuredDashboardConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AdminAccess credytAdminAccess(CredytAdminProperties properties, ObjectProvider<RoleHierarchy> roleHierarchy,
				ObjectProvider<GrantedAuthorityDefaults> authorityDefaults,
				ObjectProvider<SecurityContextHolderStrategy> securityContext) {
			validate(properties);
			GrantedAuthorityDefaults defaults = authorityDefaults.getIfAvailable();
			return new RoleAdminAccess(properties.getRole(), (defaults != null) ? defaults.getRolePrefix() : "ROLE_",
					roleHierarchy.getIfAvailable(),
					securityContext.getIfAvailable(SecurityContextHolder::getContextHolderStrategy));
		}

		/**
		 * Adds the dashboard's filter to every security filter chain, just before the chain's
		 * own authorization. A filter rather than an {@code authorizeHttpRequests} rule: a rule
		 * would make a chain without rules of its own deny every other request.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "credytAdminSecurityCustomizer")
		Customizer<HttpSecurity> credytAdminSecurityCustomizer(AdminAccess access, CredytAdminProperties properties,
				ObjectProvider<PathPatternRequestMatcher.Builder> requestMatchers) {
			validate(properties);
			PathPatternRequestMatcher dashboard = requestMatchers.getIfAvailable(PathPatternRequestMatcher::withDefaults)
				.matcher(properties.getPath() + "/**");
			return (http) -> http.addFilterBefore(new AdminAuthorizationFilter(dashboard, access),
					AuthorizationFilter.class);
		}

	}

}

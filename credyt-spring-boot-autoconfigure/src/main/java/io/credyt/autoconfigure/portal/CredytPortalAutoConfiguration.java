package io.credyt.autoconfigure.portal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
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
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.DispatcherServlet;
import org.thymeleaf.spring6.SpringTemplateEngine;

import io.credyt.annotation.CustomerResolver;
import io.credyt.autoconfigure.CredytAutoConfiguration;
import io.credyt.autoconfigure.CredytProperties;
import io.credyt.autoconfigure.jdbc.CredytJdbcAutoConfiguration;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.autoconfigure.payment.CredytPaymentsProperties;
import io.credyt.autoconfigure.web.CredytWebAutoConfiguration;
import io.credyt.catalog.Catalog;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.AutoTopUps;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TopUps;
import io.credyt.report.BillingReports;
import io.credyt.stripe.StripeWebhooks;
import io.credyt.subscription.Subscriptions;

/**
 * The customer-facing pages of a Spring MVC application with Thymeleaf: the billing portal under
 * {@code credyt.portal.path} (given a {@link Ledger}, unless {@code credyt.portal.enabled=false};
 * with a plan section given {@link Subscriptions}), the test payment provider's card form (given
 * {@link TopUps}), and the Stripe webhook endpoint (given {@link StripeWebhooks}). With Spring
 * Security, every filter chain lets them through.
 */
@AutoConfiguration(after = { CredytJdbcAutoConfiguration.class, CredytAutoConfiguration.class,
		CredytWebAutoConfiguration.class, CredytPaymentsAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ CredytPortalProperties.class, CredytPaymentsProperties.class,
		CredytProperties.class })
public final class CredytPortalAutoConfiguration {

	private static final Log logger = LogFactory.getLog(CredytPortalAutoConfiguration.class);

	private static final String PORTAL = "credyt.portal.";

	// a plain path: no wildcards, variables, query, fragment or trailing slash
	private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()+,;=:@%-]+)+");

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SpringTemplateEngine.class)
	@ConditionalOnBooleanProperty(name = "credyt.portal.enabled", matchIfMissing = true)
	@ConditionalOnBean(Ledger.class)
	static class PortalConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PortalLinks credytPortalLinks(CredytPortalProperties properties, ObjectProvider<DataSource> dataSource,
				ObjectProvider<Clock> clock) {
			Clock time = clock.getIfAvailable(Clock::systemUTC);
			Duration ttl = properties.getLinkTtl();
			if (ttl == null || ttl.isNegative() || ttl.isZero()) {
				throw new InvalidConfigurationPropertyValueException(PORTAL + "link-ttl", ttl, "must be positive");
			}
			return new PortalLinks(signingKey(properties, dataSource.getIfUnique(), time), portalPath(properties),
					ttl, time);
		}

		@Bean
		@ConditionalOnMissingBean
		PortalController credytPortalController(PortalLinks links, Ledger ledger,
				ObjectProvider<CustomerResolver> customerResolver, ObjectProvider<TopUps> topUps,
				ObjectProvider<PaymentStore> paymentStore, ObjectProvider<AutoTopUps> autoTopUps,
				ObjectProvider<BillingReports> reports, ObjectProvider<Subscriptions> subscriptions,
				ObjectProvider<PaymentProvider> provider, ObjectProvider<Clock> clock,
				ObjectProvider<DataSource> dataSource, CredytPortalProperties properties, CredytProperties credyt) {
			String path = portalPath(properties);
			int pageSize = properties.getPageSize();
			if (pageSize < 1 || pageSize > PageRequest.MAX_SIZE) {
				throw new InvalidConfigurationPropertyValueException(PORTAL + "page-size", pageSize,
						"must be between 1 and " + PageRequest.MAX_SIZE);
			}
			String returnUrl = properties.getReturnUrl();
			if (!StringUtils.hasText(returnUrl)) {
				throw new InvalidConfigurationPropertyValueException(PORTAL + "return-url", returnUrl,
						"the portal needs a link back to the application");
			}
			Clock time = clock.getIfAvailable(Clock::systemUTC);
			PortalPages pages = new PortalPages(ledger, topUps, paymentStore, autoTopUps, reports, subscriptions,
					provider, credyt.getWeb().getDisplayAsset(), path, returnUrl, pageSize, time);
			DataSource database = dataSource.getIfUnique();
			// in the database, so that a link opens the portal once whichever instance it reaches
			UsedPortalLinks usedLinks = (database != null) ? UsedPortalLinks.jdbc(database, time)
					: UsedPortalLinks.inMemory(time);
			return new PortalController(links, usedLinks, new PortalSessions(customerResolver), pages, topUps,
					paymentStore, autoTopUps, subscriptions, provider, ledger.catalog(), Brand.of(properties), path,
					returnUrl);
		}

		private static Supplier<byte[]> signingKey(CredytPortalProperties properties,
				@Nullable DataSource dataSource, Clock clock) {
			String secret = properties.getSigningSecret();
			if (StringUtils.hasText(secret)) {
				byte[] key = secret.getBytes(StandardCharsets.UTF_8);
				if (key.length < PortalLinks.MIN_KEY_LENGTH) {
					throw new InvalidConfigurationPropertyValueException(PORTAL + "signing-secret", "(hidden)",
							"must be at least " + PortalLinks.MIN_KEY_LENGTH + " characters long");
				}
				return () -> key;
			}
			if (dataSource != null) {
				// warned in test mode too: a reachable test deployment shows real customers' usage
				logger.warn("No " + PORTAL + "signing-secret is set: portal links are signed with a key generated "
						+ "once and kept in the credyt_secret table, so anyone who can read the database can make "
						+ "links that open any customer's billing portal. In production, set " + PORTAL
						+ "signing-secret (32+ characters) from a secret store, e.g. ${CREDYT_PORTAL_SIGNING_SECRET}.");
				JdbcSecrets secrets = new JdbcSecrets(dataSource, clock);
				return () -> secrets.getOrCreate(JdbcSecrets.PORTAL_LINK, PortalLinks.MIN_KEY_LENGTH);
			}
			logger.warn("No credyt.portal.signing-secret and no single DataSource to keep a generated one in: portal "
					+ "links are signed with a key made at start-up, so links made by another instance, or before "
					+ "a restart, do not open. Set credyt.portal.signing-secret.");
			byte[] key = new byte[PortalLinks.MIN_KEY_LENGTH];
			new SecureRandom().nextBytes(key);
			return () -> key;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SpringTemplateEngine.class)
	@ConditionalOnBean({ TopUps.class, PaymentProvider.class })
	static class TestCheckoutConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TestCheckoutController credytTestCheckoutController(PaymentProvider provider, TopUps topUps,
				ObjectProvider<Subscriptions> subscriptions, Catalog catalog, CredytPortalProperties properties,
				CredytPaymentsProperties payments) {
			return new TestCheckoutController(provider, topUps, subscriptions, catalog, Brand.of(properties),
					payments.getTestCheckoutPath());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StripeWebhooks.class)
	@ConditionalOnBean({ StripeWebhooks.class, TopUps.class })
	static class StripeWebhookConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StripeWebhookController credytStripeWebhookController(StripeWebhooks webhooks, TopUps topUps,
				ObjectProvider<Subscriptions> subscriptions, CredytPaymentsProperties payments) {
			DataSize maxBodySize = payments.getStripe().getMaxBodySize();
			if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() >= Integer.MAX_VALUE) {
				throw new InvalidConfigurationPropertyValueException("credyt.payments.stripe.max-body-size",
						maxBodySize, "must be between 1B and 2GB");
			}
			return new StripeWebhookController(webhooks, topUps, subscriptions, maxBodySize);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpSecurity.class, SecurityFilterChain.class })
	@ConditionalOnBooleanProperty(name = "credyt.portal.security.enabled", matchIfMissing = true)
	static class SecurityConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PortalSecurityCustomizer credytPortalSecurityCustomizer(ListableBeanFactory beans,
				CredytPortalProperties portal, CredytPaymentsProperties payments) {
			List<String> permitted = new ArrayList<>();
			List<String> csrfExempt = new ArrayList<>();
			if (has(beans, PortalController.class)) {
				String path = portalPath(portal);
				permitted.add(path);
				permitted.add(path + "/**");
			}
			if (has(beans, TestCheckoutController.class) && isPath(payments.getTestCheckoutPath())) {
				permitted.add(payments.getTestCheckoutPath());
			}
			if (has(beans, StripeWebhookController.class) && isPath(payments.getStripe().getWebhookPath())) {
				permitted.add(payments.getStripe().getWebhookPath());
				csrfExempt.add(payments.getStripe().getWebhookPath());
			}
			return new PortalSecurityCustomizer(permitted, csrfExempt);
		}

		private static boolean has(ListableBeanFactory beans, Class<?> type) {
			return beans.getBeanNamesForType(type, true, false).length > 0;
		}

	}

	static String portalPath(CredytPortalProperties properties) {
		String path = properties.getPath();
		if (!isPath(path)) {
			throw new InvalidConfigurationPropertyValueException(PORTAL + "path", path,
					"a path starts with '/', does not end with one, and has no wildcards, e.g. /billing/portal");
		}
		return path;
	}

	private static boolean isPath(@Nullable String path) {
		return path != null && PATH.matcher(path).matches();
	}

}

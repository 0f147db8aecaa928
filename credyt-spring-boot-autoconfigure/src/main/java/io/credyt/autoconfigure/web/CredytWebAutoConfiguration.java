package io.credyt.autoconfigure.web;

import java.time.Clock;

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
import org.springframework.web.servlet.DispatcherServlet;

import io.credyt.annotation.CustomerResolver;
import io.credyt.autoconfigure.CredytAutoConfiguration;
import io.credyt.autoconfigure.CredytProperties;
import io.credyt.autoconfigure.portal.PortalLinks;
import io.credyt.autoconfigure.web.api.BillingApiController;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.UnknownAssetException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Onboarding;
import io.credyt.subscription.Subscriptions;

/**
 * Credyt in a Spring MVC application: the customer's balance in every model
 * ({@link BalanceModel}), HTTP answers to billing failures ({@link BillingExceptionHandler}) and the
 * billing JSON API ({@link BillingApiController}, unless {@code credyt.web.api.enabled} is false).
 */
@AutoConfiguration(after = CredytAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CredytProperties.class)
public final class CredytWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Ledger.class)
	BalanceModel credytBalanceModel(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
			ObjectProvider<Onboarding> onboarding, ObjectProvider<PortalLinks> portalLinks,
			ObjectProvider<Subscriptions> subscriptions, CredytProperties properties) {
		CredytProperties.Web web = properties.getWeb();
		try {
			ledger.catalog().asset(web.getDisplayAsset());
		}
		catch (UnknownAssetException ex) {
			throw new InvalidConfigurationPropertyValueException("credyt.web.display-asset", web.getDisplayAsset(),
					"unknown asset; declare it under credyt.assets", ex);
		}
		return new BalanceModel(ledger, customerResolver, onboarding, web.getModelAttribute(), web.getDisplayAsset(),
				web.getManageBillingUrl(), portalLinks, subscriptions);
	}

	@Bean
	@ConditionalOnMissingBean
	BillingExceptionHandler credytBillingExceptionHandler(ObjectProvider<Catalog> catalog,
			CredytProperties properties) {
		CredytProperties.Web web = properties.getWeb();
		String topUpUrl = (web.getTopUpUrl() != null && !web.getTopUpUrl().isBlank()) ? web.getTopUpUrl()
				: web.getManageBillingUrl();
		return new BillingExceptionHandler(catalog.getIfAvailable(), topUpUrl);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "credyt.web.api.enabled", matchIfMissing = true)
	@ConditionalOnBean(Ledger.class)
	static class ApiConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BillingApiController credytBillingApiController(Ledger ledger,
				ObjectProvider<CustomerResolver> customerResolver, ObjectProvider<Onboarding> onboarding,
				ObjectProvider<PortalLinks> portalLinks, ObjectProvider<Clock> clock, CredytProperties properties,
				ObjectProvider<Subscriptions> subscriptions) {
			CredytProperties.Web web = properties.getWeb();
			return new BillingApiController(ledger, customerResolver, onboarding, portalLinks, web.getDisplayAsset(),
					web.getManageBillingUrl(), clock.getIfAvailable(Clock::systemUTC), subscriptions);
		}

	}

}

package io.credyt.autoconfigure.payment;

import java.time.Clock;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import com.stripe.StripeClient;

import io.credyt.payment.PaymentProvider;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.stripe.InMemoryStripeCustomerMapping;
import io.credyt.stripe.JdbcStripeCustomerMapping;
import io.credyt.stripe.StripeCustomerMapping;
import io.credyt.stripe.StripePaymentProvider;
import io.credyt.stripe.StripeWebhooks;

/**
 * The payment provider configurations, imported in order: Stripe first, so that the test
 * provider only fills in when Stripe is not configured. They are not nested in the
 * auto-configuration because Spring processes member classes before imports, in no guaranteed
 * order.
 */
final class PaymentProviderConfigurations {

	private PaymentProviderConfigurations() {
	}

	// StripePaymentProvider.isLiveKey cannot be used here: this must work without credyt-stripe
	static boolean isLiveKey(@Nullable String key) {
		return key != null && (key.startsWith("sk_live_") || key.startsWith("rk_live_"));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StripePaymentProvider.class)
	@Conditional(PropertyHasTextCondition.StripeSecretKey.class)
	static class StripeProvider {

		// in the ledger's database, so that every instance, and the next start, finds a
		// customer's Stripe customer and the cards saved there
		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(DataSource.class)
		StripeCustomerMapping credytStripeCustomerMapping(DataSource dataSource, ObjectProvider<Clock> clock) {
			return new JdbcStripeCustomerMapping(dataSource, clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean
		PaymentProvider credytStripePaymentProvider(CredytPaymentsProperties properties,
				ObjectProvider<StripeCustomerMapping> customerMapping) {
			CredytPaymentsProperties.Stripe settings = properties.getStripe();
			String secretKey = settings.getSecretKey();
			StripeCustomerMapping customers = customerMapping.getIfAvailable(InMemoryStripeCustomerMapping::new);
			if (!StringUtils.hasText(settings.getApiBase())) {
				return new StripePaymentProvider(secretKey, customers);
			}
			StripeClient client = StripeClient.builder().setApiKey(secretKey).setApiBase(settings.getApiBase()).build();
			return new StripePaymentProvider(client, StripePaymentProvider.isLiveKey(secretKey), customers);
		}

		@Bean
		@ConditionalOnMissingBean
		@Conditional(PropertyHasTextCondition.StripeWebhookSecret.class)
		StripeWebhooks credytStripeWebhooks(CredytPaymentsProperties properties) {
			return new StripeWebhooks(properties.getStripe().getWebhookSecret());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TestProvider {

		@Bean
		@ConditionalOnMissingBean
		PaymentProvider credytTestPaymentProvider(CredytPaymentsProperties properties) {
			String path = properties.getTestCheckoutPath();
			if (!StringUtils.hasText(path)) {
				throw new InvalidConfigurationPropertyValueException("credyt.payments.test-checkout-path", path,
						"the test payment provider's card form needs a path");
			}
			String secretKey = properties.getStripe().getSecretKey();
			try {
				return TestPaymentProvider.forMode(isLiveKey(secretKey), path);
			}
			catch (IllegalStateException ex) {
				throw new InvalidConfigurationPropertyValueException(CredytPaymentsAutoConfiguration.STRIPE_SECRET_KEY,
						secretKey.substring(0, "sk_live_".length()) + "…",
						ex.getMessage() + " (is credyt-stripe on the class path?)", ex);
			}
		}

	}

}

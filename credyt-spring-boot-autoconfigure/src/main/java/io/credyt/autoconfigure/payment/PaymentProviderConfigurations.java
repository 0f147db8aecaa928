package io.credyt.autoconfigure.payment;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import com.stripe.StripeClient;

import io.credyt.jdbc.JdbcTestCheckoutStore;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.TestCheckoutStore;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.stripe.InMemoryStripeCustomerMapping;
import io.credyt.stripe.JdbcStripeCustomerMapping;
import io.credyt.stripe.StripeCustomerMapping;
import io.credyt.stripe.StripePaymentProvider;
import io.credyt.stripe.StripeWebhooks;

/**
 * The payment provider configurations, imported in order: Stripe first, so that the test
 * provider, when test mode is enabled, only fills in when Stripe is not configured. They are not
 * nested in the auto-configuration because Spring processes member classes before imports, in no
 * guaranteed order.
 */
final class PaymentProviderConfigurations {

	static final String TEST_MODE_ENABLED = "credyt.payments.test-mode.enabled";

	private static final Log logger = LogFactory.getLog(PaymentProviderConfigurations.class);

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

	/**
	 * The test provider, only when test mode is enabled. Test mode next to a live key fails the
	 * start-up whichever provider would win: someone meant one of the two, and pretend payments
	 * next to real ones must not be a guess.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(TEST_MODE_ENABLED)
	static class TestProvider {

		TestProvider(CredytPaymentsProperties properties) {
			String secretKey = properties.getStripe().getSecretKey();
			try {
				TestPaymentProvider.forMode(isLiveKey(secretKey), "/");
			}
			catch (IllegalStateException ex) {
				throw new InvalidConfigurationPropertyValueException(CredytPaymentsAutoConfiguration.STRIPE_SECRET_KEY,
						hiddenKey(secretKey), ex.getMessage() + " (" + TEST_MODE_ENABLED + " is true)", ex);
			}
		}

		@Bean
		@ConditionalOnMissingBean
		PaymentProvider credytTestPaymentProvider(CredytPaymentsProperties properties,
				ObjectProvider<DataSource> dataSource, ObjectProvider<Clock> clock) {
			String path = properties.getTestCheckoutPath();
			if (!StringUtils.hasText(path)) {
				throw new InvalidConfigurationPropertyValueException("credyt.payments.test-checkout-path", path,
						"the test payment provider's card form needs a path");
			}
			DataSource database = dataSource.getIfUnique();
			// on the ledger's database, so that any instance can finish a checkout another started
			TestCheckoutStore store = (database != null)
					? new JdbcTestCheckoutStore(database, clock.getIfAvailable(Clock::systemUTC))
					: TestCheckoutStore.inMemory();
			TestPaymentProvider provider = TestPaymentProvider.forMode(false, path, store);
			logger.warn("Credyt's test payment provider is on (" + TEST_MODE_ENABLED + "=true): top-ups are "
					+ "credited for pretend card payments and no money moves. Never enable it in production.");
			return provider;
		}

	}

	/**
	 * A live key that no provider would use, because {@code credyt-stripe} is missing, fails the
	 * start-up rather than leaving the application silently without payments.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.credyt.stripe.StripePaymentProvider")
	@Conditional(PropertyHasTextCondition.StripeSecretKey.class)
	static class StripeMissing {

		StripeMissing(CredytPaymentsProperties properties) {
			String secretKey = properties.getStripe().getSecretKey();
			if (isLiveKey(secretKey)) {
				throw new InvalidConfigurationPropertyValueException(CredytPaymentsAutoConfiguration.STRIPE_SECRET_KEY,
						hiddenKey(secretKey), "a live Stripe key is set but credyt-stripe is not on the class path, "
								+ "so no payment would go through Stripe; add io.credyt:credyt-stripe");
			}
		}

	}

	private static String hiddenKey(@Nullable String secretKey) {
		return (secretKey != null) ? secretKey.substring(0, Math.min(secretKey.length(), "sk_live_".length())) + "…"
				: "";
	}

}

package io.credyt.autoconfigure.payment;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.credyt.InvalidRequestException;
import io.credyt.autoconfigure.CredytAutoConfiguration;
import io.credyt.autoconfigure.jdbc.CredytJdbcAutoConfiguration;
import io.credyt.catalog.UnknownAssetException;
import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.ledger.Ledger;
import io.credyt.payment.PaymentListener;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TopUpPolicy;
import io.credyt.payment.TopUps;

/**
 * Top-ups, given a {@link Ledger}: the {@link TopUpPolicy} that {@code credyt.payments.top-up}
 * declares, the {@link PaymentProvider}, the {@link PaymentStore} that remembers payments and
 * saved cards (a {@link JdbcPaymentStore} on the application's one {@link DataSource}, the
 * ledger's), the {@link TopUps} service and, unless {@code credyt.auto-top-up.enabled} is
 * {@code false}, {@link io.credyt.payment.AutoTopUps} listening to the ledger's recorded usage.
 * The provider is Stripe when {@code credyt-stripe} is on the class path and
 * {@code credyt.payments.stripe.secret-key} is set (with {@code StripeWebhooks} when a webhook
 * secret is set too); otherwise, only when {@code credyt.payments.test-mode.enabled} is
 * {@code true}, it is the {@code TestPaymentProvider}, which refuses to start next to a live key,
 * so that a live key never silently falls back to pretend payments. Without a provider there are
 * no {@link TopUps} and no auto top-up: the portal says that adding funds is not available.
 */
@AutoConfiguration(after = { CredytJdbcAutoConfiguration.class, CredytAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@ConditionalOnBean(Ledger.class)
@EnableConfigurationProperties(CredytPaymentsProperties.class)
@Import({ PaymentProviderConfigurations.StripeProvider.class, PaymentProviderConfigurations.TestProvider.class,
		PaymentProviderConfigurations.StripeMissing.class,
		AutoTopUpConfiguration.class })
public final class CredytPaymentsAutoConfiguration {

	static final String STRIPE_SECRET_KEY = "credyt.payments.stripe.secret-key";

	static final String STRIPE_WEBHOOK_SECRET = "credyt.payments.stripe.webhook-secret";

	private static final String TOP_UP = "credyt.payments.top-up.";

	@Bean
	@ConditionalOnMissingBean
	TopUpPolicy credytTopUpPolicy(CredytPaymentsProperties properties) {
		CredytPaymentsProperties.TopUp topUp = properties.getTopUp();
		try {
			return new TopUpPolicy(topUp.getAsset(), topUp.getCurrency(), topUp.getMinimum(), topUp.getMaximum(),
					topUp.getPresets());
		}
		catch (InvalidRequestException ex) {
			String field = ex.field().substring(ex.field().indexOf('.') + 1);
			Object value = switch (field) {
				case "asset" -> topUp.getAsset();
				case "currency" -> topUp.getCurrency();
				case "minimum" -> topUp.getMinimum();
				case "maximum" -> topUp.getMaximum();
				default -> topUp.getPresets();
			};
			// the message without InvalidRequestException's "topUp.minimum: " prefix
			String reason = ex.getMessage().substring(ex.field().length() + 2);
			throw new InvalidConfigurationPropertyValueException(TOP_UP + field, value, reason, ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(DataSource.class)
	PaymentStore credytPaymentStore(DataSource dataSource, ObjectProvider<Clock> clock) {
		return new JdbcPaymentStore(dataSource, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(PaymentProvider.class)
	TopUps credytTopUps(Ledger ledger, PaymentProvider paymentProvider, TopUpPolicy policy,
			ObjectProvider<PaymentStore> paymentStore, ObjectProvider<PaymentListener> listeners) {
		try {
			PaymentStore store = paymentStore.getIfAvailable();
			List<PaymentListener> hearing = listeners.orderedStream().toList();
			return (store != null) ? new TopUps(ledger, paymentProvider, policy, store, PaymentListener.all(hearing))
					: new TopUps(ledger, paymentProvider, policy);
		}
		catch (UnknownAssetException ex) {
			boolean currency = !policy.asset().equals(policy.currency()) && isKnownAsset(ledger, policy.asset());
			throw new InvalidConfigurationPropertyValueException(TOP_UP + (currency ? "currency" : "asset"),
					currency ? policy.currency() : policy.asset(),
					"not an asset of the catalog; declare it under credyt.assets", ex);
		}
	}

	private static boolean isKnownAsset(Ledger ledger, String asset) {
		try {
			ledger.catalog().asset(asset);
			return true;
		}
		catch (UnknownAssetException ex) {
			return false;
		}
	}

}

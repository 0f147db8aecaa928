package io.credyt.autoconfigure.subscription;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.credyt.autoconfigure.jdbc.CompositeLedgerEventListener;
import io.credyt.autoconfigure.jdbc.CredytJdbcAutoConfiguration;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.jdbc.JdbcSubscriptions;
import io.credyt.jdbc.LedgerOptions;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStore;
import io.credyt.subscription.SubscriptionOptions;
import io.credyt.subscription.Subscriptions;

/**
 * {@link Subscriptions} to the plans declared under {@code credyt.plans}, on the ledger's
 * {@link DataSource}, paying by card through the {@link PaymentProvider} when there is one, with a
 * {@link SubscriptionRenewer} on every instance. Present only when at least one plan is declared;
 * backs off when the application defines its own {@link Subscriptions}.
 */
@AutoConfiguration(after = { CredytJdbcAutoConfiguration.class, CredytPaymentsAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBean(Ledger.class)
@EnableConfigurationProperties(CredytSubscriptionsProperties.class)
public final class CredytSubscriptionsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@org.springframework.context.annotation.Conditional(OnPlansDeclaredCondition.class)
	Subscriptions credytSubscriptions(DataSource dataSource, Ledger ledger, ObjectProvider<LedgerOptions> options,
			ObjectProvider<Clock> clock, ObjectProvider<LedgerEventListener> listeners,
			ObjectProvider<PaymentStore> payments, ObjectProvider<PaymentProvider> provider,
			CredytSubscriptionsProperties properties) {
		Clock time = clock.getIfAvailable(Clock::systemUTC);
		LedgerEventListener listener = CompositeLedgerEventListener.of(listeners);
		List<Duration> retries = (properties.getRetrySchedule() != null) ? properties.getRetrySchedule() : List.of();
		return new JdbcSubscriptions(dataSource, new DataSourceTransactionManager(dataSource), ledger.catalog(),
				options.getIfAvailable(LedgerOptions::defaults), time, listener,
				payments.getIfAvailable(() -> new JdbcPaymentStore(dataSource, time)), provider.getIfUnique(),
				new SubscriptionOptions(retries, SubscriptionOptions.defaults().staleClaimAfter()));
	}

	@Bean
	@ConditionalOnBean(Subscriptions.class)
	@ConditionalOnBooleanProperty(name = "credyt.subscriptions.renewals-enabled", matchIfMissing = true)
	SubscriptionRenewer credytSubscriptionRenewer(Subscriptions subscriptions,
			CredytSubscriptionsProperties properties) {
		return new SubscriptionRenewer(subscriptions, properties.getRenewalInterval(), properties.getBatchSize());
	}

}

package io.credyt.autoconfigure.jdbc;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.credyt.adjust.Adjustments;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.jdbc.JdbcAdjustments;
import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.jdbc.LedgerOptions;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStore;

/**
 * The operator's {@link Adjustments} (refunds, gifts, corrections) on the ledger's
 * {@link DataSource}, telling the same {@link LedgerEventListener}s as the ledger, and refunding
 * top-ups through the {@link PaymentProvider} when there is one. Backs off when the application
 * defines its own {@link Adjustments}.
 */
@AutoConfiguration(after = { CredytJdbcAutoConfiguration.class, CredytPaymentsAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBean(Ledger.class)
public final class CredytAdjustmentsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Adjustments credytAdjustments(DataSource dataSource, Ledger ledger, ObjectProvider<LedgerOptions> options,
			ObjectProvider<Clock> clock, ObjectProvider<LedgerEventListener> listeners,
			ObjectProvider<PaymentStore> payments, ObjectProvider<PaymentProvider> provider) {
		Clock time = clock.getIfAvailable(Clock::systemUTC);
		LedgerEventListener listener = CompositeLedgerEventListener.of(listeners);
		return new JdbcAdjustments(dataSource, new DataSourceTransactionManager(dataSource), ledger.catalog(),
				options.getIfAvailable(LedgerOptions::defaults), time, listener,
				payments.getIfAvailable(() -> new JdbcPaymentStore(dataSource, time)), provider.getIfUnique());
	}

}

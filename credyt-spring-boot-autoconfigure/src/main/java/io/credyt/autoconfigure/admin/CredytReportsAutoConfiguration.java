package io.credyt.autoconfigure.admin;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

import io.credyt.autoconfigure.jdbc.CredytJdbcAutoConfiguration;
import io.credyt.jdbc.JdbcBillingReports;
import io.credyt.ledger.Ledger;
import io.credyt.report.BillingReports;

/**
 * {@link BillingReports} on the ledger's {@link DataSource}, for the operator dashboard and the
 * billing portal. Independent of the dashboard: present whenever a ledger and its database are.
 * Backs off when the application defines its own {@link BillingReports}.
 */
@AutoConfiguration(after = CredytJdbcAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBean(Ledger.class)
public final class CredytReportsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BillingReports credytBillingReports(DataSource dataSource, Ledger ledger, ObjectProvider<Clock> clock) {
		return new JdbcBillingReports(dataSource, ledger.catalog(), clock.getIfAvailable(Clock::systemUTC));
	}

}

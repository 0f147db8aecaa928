package io.credyt.autoconfigure.jdbc;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.credyt.InvalidRequestException;
import io.credyt.autoconfigure.CredytProperties;
import io.credyt.catalog.Catalog;
import io.credyt.jdbc.JdbcLedger;
import io.credyt.jdbc.LedgerOptions;
import io.credyt.ledger.BillingObserver;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.ObservedLedger;

/**
 * The JDBC {@link Ledger} on the application's one {@link DataSource} (H2 or PostgreSQL), and
 * the initializer that creates its tables. The ledger is created after every database initializer
 * (this one, Flyway, Liquibase) has run. It tells every {@link LedgerEventListener} bean its
 * changes inside their transactions (auto top-up's claim, an outbox), and every
 * {@link BillingObserver} bean what each call did and how long it took (metrics). Backs off when
 * the application defines its own {@link Ledger}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(DataSourceScriptDatabaseInitializer.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ CredytProperties.class, CredytJdbcProperties.class })
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class CredytJdbcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LedgerOptions credytLedgerOptions(CredytProperties properties) {
		try {
			return LedgerOptions.defaults()
				.holdTimeToLive(properties.getHolds().getTimeToLive())
				.defaultOverdraftLimit(properties.getOverdraftLimit())
				.groupCommit(new LedgerOptions.GroupCommit(properties.getGroupCommit().isEnabled(),
						properties.getGroupCommit().getMaxBatch(), properties.getGroupCommit().getLanes()));
		}
		catch (InvalidRequestException ex) {
			if (ex.field().equals("groupCommit.lanes")) {
				throw new InvalidConfigurationPropertyValueException("credyt.group-commit.lanes",
						properties.getGroupCommit().getLanes(), ex.getMessage(), ex);
			}
			if (ex.field().startsWith("groupCommit")) {
				throw new InvalidConfigurationPropertyValueException("credyt.group-commit.max-batch",
						properties.getGroupCommit().getMaxBatch(), ex.getMessage(), ex);
			}
			if (ex.field().equals("holdTimeToLive")) {
				throw new InvalidConfigurationPropertyValueException("credyt.holds.time-to-live",
						properties.getHolds().getTimeToLive(), ex.getMessage(), ex);
			}
			throw new InvalidConfigurationPropertyValueException("credyt.overdraft-limit",
					properties.getOverdraftLimit(), ex.getMessage(), ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	CredytDataSourceScriptDatabaseInitializer credytDataSourceScriptDatabaseInitializer(DataSource dataSource,
			CredytJdbcProperties properties) {
		return new CredytDataSourceScriptDatabaseInitializer(dataSource, properties);
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	Ledger credytLedger(DataSource dataSource, Catalog catalog, LedgerOptions options, ObjectProvider<Clock> clock,
			ObjectProvider<BillingObserver> observers, ObjectProvider<LedgerEventListener> listeners) {
		LedgerEventListener listener = CompositeLedgerEventListener.of(listeners);
		Ledger ledger = new JdbcLedger(dataSource, new DataSourceTransactionManager(dataSource), catalog, options,
				clock.getIfAvailable(Clock::systemUTC), listener);
		List<BillingObserver> listening = observers.orderedStream().toList();
		return listening.isEmpty() ? ledger : new ObservedLedger(ledger, new CompositeBillingObserver(listening));
	}

}

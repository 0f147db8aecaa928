package io.credyt.autoconfigure.actuate;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.credyt.autoconfigure.CredytAutoConfiguration;
import io.credyt.autoconfigure.HoldSweeper;
import io.credyt.autoconfigure.jdbc.CredytJdbcAutoConfiguration;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.ledger.Ledger;
import io.credyt.payment.PaymentProvider;

/**
 * With Actuator on the class path: the {@code credyt} endpoint (when it is available: accessible
 * and exposed, e.g. {@code management.endpoints.web.exposure.include=health,credyt}) and the
 * {@code credyt} health indicator (unless {@code management.health.credyt.enabled=false}), both on
 * the ledger's {@link DataSource}. An application's own {@link CredytEndpoint}, a bean named
 * {@code credytHealthIndicator} or its own {@link JdbcCredytStatus} replaces ours.
 */
@AutoConfiguration(
		after = { CredytJdbcAutoConfiguration.class, CredytAutoConfiguration.class,
				CredytPaymentsAutoConfiguration.class },
		afterName = { "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
				"org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration" })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@ConditionalOnBean(Ledger.class)
@ConditionalOnSingleCandidate(DataSource.class)
public final class CredytActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JdbcCredytStatus credytStatus(DataSource dataSource, ObjectProvider<Clock> clock) {
		return new JdbcCredytStatus(dataSource, clock.getIfAvailable(Clock::systemUTC));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(CredytEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CredytEndpoint credytEndpoint(JdbcCredytStatus status) {
			return new CredytEndpoint(status);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("credyt")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "credytHealthIndicator")
		CredytHealthIndicator credytHealthIndicator(JdbcCredytStatus status, ObjectProvider<HoldSweeper> sweeper,
				ObjectProvider<PaymentProvider> paymentProvider) {
			return new CredytHealthIndicator(status, sweeper.getIfAvailable(), paymentProvider.getIfAvailable());
		}

	}

}

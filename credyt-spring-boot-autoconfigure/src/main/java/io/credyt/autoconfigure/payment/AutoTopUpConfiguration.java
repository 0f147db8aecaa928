package io.credyt.autoconfigure.payment;

import java.time.Clock;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import io.credyt.ledger.Ledger;
import io.credyt.payment.AutoTopUpOptions;
import io.credyt.payment.AutoTopUps;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.TopUps;

/**
 * Auto top-up, given a payment provider and unless {@code credyt.auto-top-up.enabled} is
 * {@code false}: its limits from
 * {@code credyt.auto-top-up.*} and the service on the ledger's database. The service is a
 * {@link io.credyt.ledger.BillingObserver} bean, so the JDBC auto-configuration builds the ledger
 * with it and it hears every recorded usage; since the ledger is built with its observers, the
 * service looks the ledger and the top-up service (which needs the ledger) up on first use
 * rather than when it is created.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "credyt.auto-top-up.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBean(PaymentProvider.class)
@EnableConfigurationProperties(CredytAutoTopUpProperties.class)
class AutoTopUpConfiguration {

	private static final String PREFIX = "credyt.auto-top-up.";

	/** The name of the executor bean that charges claimed top-ups. */
	static final String EXECUTOR = "credytAutoTopUpExecutor";

	@Bean
	@ConditionalOnMissingBean
	AutoTopUpOptions credytAutoTopUpOptions(CredytAutoTopUpProperties properties) {
		if (properties.getCooldown() == null || properties.getCooldown().isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "cooldown", properties.getCooldown(),
					"must not be negative");
		}
		if (properties.getMaxPerDay() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "max-per-day", properties.getMaxPerDay(),
					"must be at least 1");
		}
		if (properties.getStaleAfter() == null || properties.getStaleAfter().isNegative()
				|| properties.getStaleAfter().isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "stale-after", properties.getStaleAfter(),
					"must be positive");
		}
		return new AutoTopUpOptions(properties.getCooldown(), properties.getMaxPerDay(), properties.getStaleAfter());
	}

	@Bean
	@ConditionalOnMissingBean
	AutoTopUps credytAutoTopUps(DataSource dataSource, ObjectProvider<Ledger> ledger, ObjectProvider<TopUps> topUps,
			AutoTopUpOptions options, ObjectProvider<Clock> clock,
			@Qualifier(EXECUTOR) ObjectProvider<Executor> executor) {
		return new AutoTopUps(dataSource, ledger::getObject, topUps::getObject, options,
				clock.getIfAvailable(Clock::systemUTC), executor.getObject());
	}

	/**
	 * Charges claimed auto top-ups after the debit that claimed them has committed, so a debit's
	 * caller never waits for the payment provider. Bounded: a few threads and a queue; a charge
	 * that finds the queue full is refused and logged, and its claim is taken over once stale.
	 */
	@Bean(name = EXECUTOR, destroyMethod = "shutdown")
	@ConditionalOnMissingBean(name = EXECUTOR)
	ThreadPoolTaskExecutor credytAutoTopUpExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("credyt-auto-top-up-");
		executor.setCorePoolSize(2);
		executor.setMaxPoolSize(4);
		executor.setQueueCapacity(1000);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(30);
		executor.initialize();
		return executor;
	}

}

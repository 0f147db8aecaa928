package io.credyt.autoconfigure.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.UnknownAssetException;
import io.credyt.catalog.UnknownProductException;
import io.credyt.jdbc.LedgerSchema;
import io.credyt.payment.PaymentProvider;
import io.credyt.webhook.JdbcWebhookDestinations;
import io.credyt.webhook.JdkWebhookTransport;
import io.credyt.webhook.WebhookDestination;
import io.credyt.webhook.WebhookDispatcher;
import io.credyt.webhook.WebhookOutbox;
import io.credyt.webhook.WebhookThresholds;
import io.credyt.webhook.WebhookTransport;

/**
 * Outbound webhooks on the ledger's {@link DataSource}: the destinations of
 * {@code credyt.webhooks.destinations} saved in the database at start-up (a bad one fails the
 * start-up naming its property), the {@link WebhookOutbox} that the ledger tells its events
 * inside their transactions, and, unless {@code credyt.webhooks.delivery.enabled=false}, the
 * {@link WebhookDelivery} that sends them from this instance. Present when at least one
 * destination is configured; off with {@code credyt.webhooks.enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "credyt.webhooks.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnClass(LedgerSchema.class)
@Conditional(OnWebhookDestinationsCondition.class)
@EnableConfigurationProperties(CredytWebhooksProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class CredytWebhooksAutoConfiguration {

	private static final String PREFIX = "credyt.webhooks.";

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	JdbcWebhookDestinations credytWebhookDestinations(DataSource dataSource, ObjectProvider<Clock> clock) {
		return new JdbcWebhookDestinations(dataSource, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	WebhookOutbox credytWebhookOutbox(DataSource dataSource, JdbcWebhookDestinations destinations, Catalog catalog,
			CredytWebhooksProperties properties, ObjectProvider<PaymentProvider> provider, ObjectProvider<Clock> clock) {
		declare(destinations, properties);
		WebhookThresholds thresholds = thresholds(catalog, properties);
		// asked at each event, not now: the payment provider may need the ledger, which needs this
		return new WebhookOutbox(dataSource, destinations, thresholds, () -> {
			PaymentProvider payments = provider.getIfUnique();
			return payments != null && payments.live();
		}, clock.getIfAvailable(Clock::systemUTC), Duration.ofSeconds(5));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "credyt.webhooks.delivery.enabled", matchIfMissing = true)
	WebhookDelivery credytWebhookDelivery(DataSource dataSource, JdbcWebhookDestinations destinations,
			WebhookTransport transport, CredytWebhooksProperties properties, ObjectProvider<Clock> clock) {
		CredytWebhooksProperties.Delivery delivery = properties.getDelivery();
		positive(delivery.getInterval(), "delivery.interval");
		if (delivery.getBatchSize() < 1 || delivery.getBatchSize() > 500) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "delivery.batch-size", delivery.getBatchSize(),
					"between 1 and 500");
		}
		if (delivery.getConcurrency() < 1 || delivery.getConcurrency() > 32) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "delivery.concurrency",
					delivery.getConcurrency(), "between 1 and 32");
		}
		positive(delivery.getDisableAfter(), "delivery.disable-after");
		delivery.getRetrySchedule().forEach((wait) -> positive(wait, "delivery.retry-schedule"));
		WebhookDispatcher dispatcher = new WebhookDispatcher(dataSource, destinations, transport,
				clock.getIfAvailable(Clock::systemUTC), delivery.getRetrySchedule(), Duration.ofMinutes(1)
					.plus(delivery.getReadTimeout()), delivery.getDisableAfter());
		return new WebhookDelivery(dispatcher, delivery.getInterval(), delivery.getBatchSize(), delivery.getConcurrency());
	}

	/** Fails the start-up on a destination that could never be delivered to, naming its property. */
	static void declare(JdbcWebhookDestinations destinations, CredytWebhooksProperties properties) {
		for (Map.Entry<String, CredytWebhooksProperties.Destination> entry : properties.getDestinations().entrySet()) {
			String name = entry.getKey();
			CredytWebhooksProperties.Destination configured = entry.getValue();
			WebhookDestination destination;
			try {
				String secret = configured.getSecret();
				if (secret == null) {
					secret = destinations.find(name).map((stored) -> stored.destination().secret()).orElse(null);
				}
				destination = WebhookDestination.of(name, configured.getUrl(), configured.getTopics(), secret);
			}
			catch (InvalidRequestException ex) {
				String field = ex.field().equals("name") ? "" : "." + ex.field();
				Object value = switch (ex.field()) {
					case "url" -> String.valueOf(configured.getUrl());
					case "topics" -> configured.getTopics();
					case "secret" -> "******";
					default -> name;
				};
				throw new InvalidConfigurationPropertyValueException(PREFIX + "destinations." + name + field, value,
						ex.getMessage());
			}
			destinations.declare(destination);
		}
	}

	static WebhookThresholds thresholds(Catalog catalog, CredytWebhooksProperties properties) {
		try {
			return WebhookThresholds.of(catalog, properties.getBalanceLow().getAmounts(),
					properties.getBalanceLow().getUnits());
		}
		catch (InvalidRequestException | UnknownAssetException | UnknownProductException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "balance-low",
					properties.getBalanceLow().getAmounts() + " " + properties.getBalanceLow().getUnits(), ex.getMessage());
		}
	}

	private static void positive(Duration duration, String property) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, duration, "must be positive");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.client.RestClient")
	static class RestClientTransportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebhookTransport credytWebhookTransport(CredytWebhooksProperties properties) {
			return new RestClientWebhookTransport(properties.getDelivery().getConnectTimeout(),
					properties.getDelivery().getReadTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.web.client.RestClient")
	static class JdkTransportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebhookTransport credytWebhookTransport(CredytWebhooksProperties properties) {
			return new JdkWebhookTransport(properties.getDelivery().getConnectTimeout(),
					properties.getDelivery().getReadTimeout());
		}

	}

}

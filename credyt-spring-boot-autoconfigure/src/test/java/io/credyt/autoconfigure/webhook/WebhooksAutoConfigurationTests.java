package io.credyt.autoconfigure.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.sql.DataSource;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.payment.Checkout;
import io.credyt.payment.PaymentDeclinedException;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.payment.TopUps;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;
import io.credyt.webhook.JdbcWebhookDestinations;
import io.credyt.webhook.WebhookOutbox;
import io.credyt.webhook.WebhookVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WebhooksAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withConfiguration(AutoConfigurations.of(CredytWebhooksAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.catalog());

	private HttpServer receiver;

	private final ConcurrentLinkedQueue<String[]> received = new ConcurrentLinkedQueue<>();

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/hook", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				this.received.add(new String[] { exchange.getRequestHeaders().getFirst("webhook-id"),
						exchange.getRequestHeaders().getFirst("Credyt-Signature"),
						new String(in.readAllBytes(), StandardCharsets.UTF_8) });
			}
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	private String url() {
		return "http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/hook";
	}

	@Test
	void aConfiguredDestinationGetsTheLedgersEventsSigned() {
		this.runner
			.withPropertyValues("credyt.webhooks.destinations.crm.url=" + url(),
					"credyt.webhooks.destinations.crm.topics=balance.low", "credyt.webhooks.balance-low.amounts.USD=2.50",
					"credyt.webhooks.delivery.interval=50ms")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(WebhookOutbox.class);
				Ledger ledger = context.getBean(Ledger.class);
				ledger.grant("alice", GrantRequest.paid("USD", "3.00"));
				ledger.record(UsageEvent.of("alice-1", "alice", "video", 1));
				long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				while (this.received.isEmpty() && System.nanoTime() < deadline) {
					Thread.sleep(50);
				}
				assertThat(this.received).hasSize(1);
				String[] delivery = this.received.peek();
				assertThat(delivery[2]).contains("\"type\":\"balance.low\"").contains("\"customer\":\"alice\"");
				String secret = context.getBean(JdbcWebhookDestinations.class).find("crm").orElseThrow()
					.destination().secret();
				assertThat(secret).as("generated and kept").startsWith("whsec_");
				new WebhookVerifier(secret).verify(delivery[0], delivery[1], delivery[2]);
			});
	}

	@Test
	void aDeclinedTopUpBecomesATopupFailedEvent() {
		this.runner.withConfiguration(AutoConfigurations.of(CredytPaymentsAutoConfiguration.class))
			.withPropertyValues("credyt.payments.test-mode.enabled=true",
					"credyt.webhooks.destinations.crm.url=" + url(), "credyt.webhooks.delivery.enabled=false")
			.run((context) -> {
				TopUps topUps = context.getBean(TopUps.class);
				Checkout checkout = topUps.start("alice", new BigDecimal("10.00"), "/done", "/cancelled", false);
				((TestPaymentProvider) topUps.provider()).pay(checkout.sessionId(), TestPaymentProvider.DECLINED,
						false);
				assertThatExceptionOfType(PaymentDeclinedException.class)
					.isThrownBy(() -> topUps.complete(checkout.sessionId()));
				assertThat(new JdbcTemplate(context.getBean(DataSource.class))
					.queryForList("SELECT type FROM credyt_webhook_event", String.class)).containsExactly("topup.failed");
			});
	}

	@Test
	void aDestinationWithoutAUrlFailsTheStartUpNamingIt() {
		this.runner.withPropertyValues("credyt.webhooks.destinations.crm.topics=*").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("credyt.webhooks.destinations.crm.url");
		});
	}

	@Test
	void anUnknownTopicFailsTheStartUpNamingIt() {
		this.runner
			.withPropertyValues("credyt.webhooks.destinations.crm.url=https://example.com/hook",
					"credyt.webhooks.destinations.crm.topics=balance.lo")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("credyt.webhooks.destinations.crm.topics")
				.hasMessageContaining("balance.lo"));
	}

	@Test
	void aShortSecretFailsTheStartUpWithoutPrintingIt() {
		this.runner
			.withPropertyValues("credyt.webhooks.destinations.crm.url=https://example.com/hook",
					"credyt.webhooks.destinations.crm.secret=whsec_c2hvcnQ=")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("credyt.webhooks.destinations.crm.secret")
				.hasMessageNotContaining("c2hvcnQ"));
	}

	@Test
	void offWhenDisabled() {
		this.runner
			.withPropertyValues("credyt.webhooks.enabled=false",
					"credyt.webhooks.destinations.crm.url=https://example.com/hook")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WebhookOutbox.class));
	}

	@Test
	void enabledWithoutConfiguredDestinationsForOnesAddedInTheDashboard() {
		this.runner.withPropertyValues("credyt.webhooks.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(WebhookOutbox.class));
	}

	@Test
	void anApplicationWithoutDestinationsRunsNoOutboxAndNoDeliveryThreads() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(WebhookOutbox.class)
			.doesNotHaveBean(WebhookDelivery.class));
	}

}

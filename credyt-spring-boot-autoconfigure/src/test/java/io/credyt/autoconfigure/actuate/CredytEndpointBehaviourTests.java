package io.credyt.autoconfigure.actuate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.HoldSweeper;
import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.Ledger;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.testing.MutableClock;
import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the {@code credyt} endpoint and health indicator report about a real ledger, read straight
 * from their beans (no HTTP), on each database.
 */
abstract class CredytEndpointBehaviourTests {

	private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

	private final TestDatabases.Kind kind;

	private HikariDataSource database;

	private MutableClock clock;

	private ApplicationContextRunner runner;

	CredytEndpointBehaviourTests(TestDatabases.Kind kind) {
		this.kind = kind;
	}

	@BeforeEach
	void start() {
		this.database = this.kind.create();
		this.clock = new MutableClock(START);
		DataSource dataSource = this.database;
		this.runner = new ApplicationContextRunner().withBean(DataSource.class, () -> dataSource)
			.withBean(Clock.class, () -> this.clock)
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					HealthContributorAutoConfiguration.class, CredytActuatorAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog())
			.withPropertyValues("management.endpoints.web.exposure.include=health,credyt");
	}

	@AfterEach
	void dispose() {
		TestDatabases.dispose(this.database);
	}

	@Test
	void anEmptyLedgerReportsZeroesAndNoHoldAge() {
		this.runner.withPropertyValues("credyt.jdbc.initialize-schema=always").run((context) -> {
			assertThat(context.getBean(CredytEndpoint.class).status()).isEqualTo(new CredytStatus(0, 0, null, 0, 0, 0, java.util.List.of()));
		});
	}

	@Test
	void theEndpointCountsCustomersHoldsFailingAutoTopUpsAndPendingPayments() {
		this.runner.withPropertyValues("credyt.jdbc.initialize-schema=always").run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.grant("alice", GrantRequest.paid("USD", "10.00"));
			ledger.grant("bob", GrantRequest.paid("USD", "10.00"));
			ledger.authorize(new AuthorizationRequest("alice", "video", BigDecimal.ONE, Map.of()));
			this.clock.advance(Duration.ofSeconds(90));
			Hold bobs = ledger.authorize(new AuthorizationRequest("bob", "video", BigDecimal.ONE, Map.of()));
			ledger.capture(bobs.id(), Capture.of("bob-video-1").quantity(BigDecimal.ONE));
			this.clock.advance(Duration.ofSeconds(60));
			JdbcPaymentStore payments = new JdbcPaymentStore(this.database, this.clock);
			payments.started(payment("cs_pending", "alice"));
			payments.started(payment("cs_paid", "bob"));
			payments.settled(new PaymentRecord("cs_paid", "bob", PaymentKind.CHECKOUT, "test", PaymentStatus.SUCCEEDED,
					new BigDecimal("5.00"), "USD", "pi_1", null, this.clock.instant(), this.clock.instant()));
			autoTopUp("alice", true, "FAILED");
			autoTopUp("bob", true, "SUCCEEDED");
			autoTopUp("carol", false, "FAILED");

			CredytStatus status = context.getBean(CredytEndpoint.class).status();

			assertThat(status.customers()).isEqualTo(2);
			assertThat(status.activeHolds()).as("bob's was captured").isEqualTo(1);
			assertThat(status.oldestActiveHoldAgeSeconds()).as("alice's, placed 150 s ago").isEqualTo(150);
			assertThat(status.autoTopUpsFailing()).as("alice's; carol's is off").isEqualTo(1);
			assertThat(status.paymentsPending()).isEqualTo(1);
		});
	}

	@Test
	void theEndpointShowsPendingWebhookDeliveriesAndDisabledDestinations() {
		this.runner.withPropertyValues("credyt.jdbc.initialize-schema=always").run((context) -> {
			io.credyt.webhook.JdbcWebhookDestinations destinations = new io.credyt.webhook.JdbcWebhookDestinations(
					this.database, this.clock);
			destinations.declare(io.credyt.webhook.WebhookDestination.of("crm", "https://crm.example.com/hook",
					java.util.List.of("*"), null));
			destinations.declare(io.credyt.webhook.WebhookDestination.of("old", "https://old.example.com/hook",
					java.util.List.of("*"), null));
			destinations.disable("old", "The receiver answered 410 Gone");

			CredytStatus status = context.getBean(CredytEndpoint.class).status();

			assertThat(status.webhookDestinationsDisabled()).containsExactly("old: The receiver answered 410 Gone");
			assertThat(status.webhookDeliveriesPending()).isZero();
		});
	}

	@Test
	void theHealthIsUpWithTheSchemaTheSweeperRunningAndSaysWhichProviderTakesTopUps() {
		this.runner.withPropertyValues("credyt.jdbc.initialize-schema=always")
			.withBean(PaymentProvider.class, () -> TestPaymentProvider.forMode(false, "/billing/test-checkout"))
			.run((context) -> {
				Health health = context.getBean("credytHealthIndicator", HealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("schema", "present")
					.containsEntry("holdSweeper", "running")
					.containsEntry("paymentProvider", "test")
					.containsEntry("livePayments", false);
			});
	}

	@Test
	void theHealthSaysWhenNoPaymentProviderIsConfigured() {
		this.runner.withPropertyValues("credyt.jdbc.initialize-schema=always").run((context) -> {
			Health health = context.getBean("credytHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("paymentProvider", "none");
		});
	}

	@Test
	void theHealthIsDownWhenTheSweeperHasStopped() {
		this.runner.withPropertyValues("credyt.jdbc.initialize-schema=always").run((context) -> {
			context.getBean(HoldSweeper.class).stop();
			Health health = context.getBean("credytHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("holdSweeper", "stopped").containsEntry("schema", "present");
		});
	}

	@Test
	void theHealthIsDownWhenTheTablesAreMissing() {
		this.runner.withPropertyValues("credyt.jdbc.initialize-schema=never").run((context) -> {
			Health health = context.getBean("credytHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("schema", "missing");
			assertThat(health.getDetails().get("missingTables")).isEqualTo(JdbcCredytStatus.REQUIRED_TABLES);
		});
	}

	private PaymentRecord payment(String id, String customer) {
		return new PaymentRecord(id, customer, PaymentKind.CHECKOUT, "test", PaymentStatus.PENDING,
				new BigDecimal("5.00"), "USD", null, null, this.clock.instant(), this.clock.instant());
	}

	private void autoTopUp(String customer, boolean enabled, String lastStatus) {
		new JdbcTemplate(this.database).update("INSERT INTO credyt_auto_top_up (customer, enabled, threshold, amount,"
				+ " last_status, updated_at) VALUES (?, ?, 5, 20, ?, CURRENT_TIMESTAMP)", customer, enabled, lastStatus);
	}

}

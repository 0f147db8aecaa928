package io.credyt.webhook;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.credyt.jdbc.JdbcLedger;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.testing.Concurrently;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Outbound webhooks: written with the change that causes them, delivered signed, retried, in
 * order, once per attempt across instances.
 */
abstract class WebhookBehaviourTests extends LedgerTestSupport {

	private final AtomicBoolean failAfterOutbox = new AtomicBoolean();

	private JdbcWebhookDestinations destinations;

	private WebhookOutbox outbox;

	private Receiver receiver;

	WebhookBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Override
	protected Ledger newLedger(DataSource dataSource) {
		if (this.outbox == null) {
			this.destinations = new JdbcWebhookDestinations(dataSource, this.clock);
			this.outbox = new WebhookOutbox(dataSource, this.destinations,
					WebhookThresholds.of(TestCatalog.catalog(), Map.of(USD, new BigDecimal("5.00")), Map.of()), () -> false,
					this.clock, Duration.ZERO);
		}
		LedgerEventListener failing = (events) -> {
			if (this.failAfterOutbox.get()) {
				throw new IllegalStateException("injected fault after the outbox wrote");
			}
		};
		LedgerEventListener both = (events) -> {
			this.outbox.committing(events);
			failing.committing(events);
		};
		return new JdbcLedger(dataSource, new DataSourceTransactionManager(dataSource), TestCatalog.catalog(), options(),
				this.clock, both);
	}

	@BeforeEach
	void startReceiver() throws Exception {
		this.receiver = new Receiver();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	private WebhookDestination destination(String name, String... topics) {
		WebhookDestination destination = WebhookDestination.of(name, this.receiver.url().toString(), List.of(topics),
				null);
		this.destinations.declare(destination);
		return destination;
	}

	private WebhookDispatcher dispatcher(DataSource dataSource) {
		return new WebhookDispatcher(dataSource, new JdbcWebhookDestinations(dataSource, this.clock),
				new JdkWebhookTransport(Duration.ofSeconds(2), Duration.ofSeconds(5)), this.clock,
				WebhookDispatcher.DEFAULT_SCHEDULE, Duration.ofMinutes(1), Duration.ofDays(3));
	}

	private java.time.Instant nextAttempt() {
		Object next = queryRows("SELECT next_attempt_at FROM credyt_webhook_delivery").get(0).get(0);
		return (next instanceof java.time.OffsetDateTime time) ? time.toInstant()
				: ((java.sql.Timestamp) next).toInstant();
	}

	private List<String> types() {
		return queryRows("SELECT type FROM credyt_webhook_event ORDER BY seq").stream()
			.map((row) -> (String) row.get(0))
			.toList();
	}

	@Test
	void eachTopicLandsOnceInTheOutboxWithItsChange() {
		destination("all", "*", "usage.recorded");
		this.ledger.topUp("alice", TopUpRequest.of("pay-1", "6.00", USD, USD));
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 4));
		this.ledger.adjust("alice", AdjustmentRequest.of(USD, "-5.00", AdjustmentReason.CORRECTION, "ticket-1"));
		this.ledger.adjust("alice", AdjustmentRequest.of(USD, "0.25", AdjustmentReason.REFUND, "evt-1"));
		this.ledger.authorize(io.credyt.ledger.AuthorizationRequest.of("alice", IMAGE));
		this.clock.advance(Duration.ofHours(1));
		this.ledger.expireHolds(this.clock.instant(), 10);
		// a hold that reserves the last of the balance leaves nothing available: depleted too
		assertThat(types()).containsExactly("topup.succeeded", "usage.recorded", "adjustment.created", "balance.low",
				"balance.depleted", "refund.created", "balance.depleted", "hold.expired");
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_webhook_delivery WHERE destination = 'all'")).isEqualTo(8);
		assertInvariants();
	}

	@Test
	void subscriptionChangesBecomeSubscriptionTopics() {
		destination("subs", "subscription.activated", "subscription.past_due", "subscription.canceled",
				"subscription.renewed", "subscription.updated");
		java.util.UUID id = java.util.UUID.randomUUID();
		java.time.Instant end = java.time.Instant.parse("2025-02-15T10:00:00Z");
		for (String change : List.of("activated", "upgraded", "renewed", "past_due", "canceled")) {
			this.outbox.committing(List.of(new io.credyt.ledger.LedgerEvent.SubscriptionChanged("alice", id, "pro",
					change.equals("past_due") ? "PAST_DUE" : "ACTIVE", change, end, null,
					change.equals("past_due") ? "Your card was declined." : null)));
		}
		assertThat(types()).containsExactly("subscription.activated", "subscription.updated", "subscription.renewed",
				"subscription.past_due", "subscription.canceled");
		String pastDue = (String) queryRows("SELECT body FROM credyt_webhook_event WHERE type = 'subscription.past_due'")
			.get(0)
			.get(0);
		assertThat(pastDue).contains("\"subscription_id\":\"" + id + "\"", "\"plan\":\"pro\"",
				"\"status\":\"past_due\"", "\"failure_reason\":\"Your card was declined.\"");
	}

	@Test
	void noEventIsWrittenForAChangeThatRollsBack() {
		destination("all", "*", "usage.recorded");
		fund("alice", "10.00");
		long before = queryCount("SELECT COUNT(*) FROM credyt_webhook_event");
		this.failAfterOutbox.set(true);
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1)));
		this.failAfterOutbox.set(false);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_webhook_event")).isEqualTo(before);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_webhook_delivery")).isEqualTo(before);
		assertThat(this.ledger.usage("evt-1")).isEmpty();
	}

	@Test
	void aDestinationGetsOnlyItsTopicsAndStarLeavesOutUsage() {
		destination("low", "balance.low");
		destination("star", "*");
		fund("alice", "6.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 8));
		assertThat(queryRows("SELECT e.type, d.destination FROM credyt_webhook_delivery d"
				+ " JOIN credyt_webhook_event e ON e.seq = d.event_seq ORDER BY d.destination")
			.stream()
			.map((row) -> row.get(0) + "->" + row.get(1))
			.toList()).containsExactly("balance.low->low", "balance.low->star");
	}

	@Test
	void aDeliveryIsSignedSoBothCredytsVerifierAndTheStandardWebhooksLibraryAcceptIt() throws Exception {
		WebhookDestination destination = destination("all", "*");
		fund("alice", "6.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 8));
		// the Standard Webhooks library checks the timestamp against the real clock
		this.clock.set(java.time.Instant.now());
		assertThat(dispatcher(this.dataSource).deliverDue(10)).isEqualTo(1);
		Receiver.Received received = this.receiver.received.peek();
		assertThat(received.body()).startsWith("{\"id\":\"evt_").contains("\"type\":\"balance.low\"")
			.contains("\"live_mode\":false").contains("\"threshold\":5").contains("\"available\":4");
		WebhookVerifier verifier = new WebhookVerifier(destination.secret(), Duration.ofMinutes(5), this.clock);
		verifier.verify(received.header("webhook-id"), received.header("Credyt-Signature"), received.body());
		new Webhook(destination.secret()).verify(received.body(),
				HttpHeaders.of(received.headers(), (name, value) -> true));
		assertThatExceptionOfType(WebhookVerifier.InvalidWebhookException.class).as("a replay")
			.isThrownBy(() -> verifier.verify(received.header("webhook-id"), received.header("Credyt-Signature"),
					received.body()));
		assertThatExceptionOfType(WebhookVerifier.InvalidWebhookException.class).as("a changed body")
			.isThrownBy(() -> verifier.verify("evt_other", received.header("Credyt-Signature"), received.body() + " "));
		this.clock.advance(Duration.ofMinutes(6));
		assertThatExceptionOfType(WebhookVerifier.InvalidWebhookException.class).as("too old")
			.isThrownBy(() -> new WebhookVerifier(destination.secret(), Duration.ofMinutes(5), this.clock)
				.verify(received.header("webhook-id"), received.header("Credyt-Signature"), received.body()));
		assertThat(queryRows("SELECT status, attempts FROM credyt_webhook_delivery").get(0)).containsExactly("DELIVERED",
				1);
	}

	@Test
	void aReceiverFailingThreeTimesGetsTheEventFourTimesWithBackoff() {
		destination("flaky", "*");
		AtomicInteger answers = new AtomicInteger();
		this.receiver.status = () -> (answers.incrementAndGet() <= 3) ? 503 : 200;
		fund("alice", "6.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 8));
		WebhookDispatcher dispatcher = dispatcher(this.dataSource);
		List<Duration> waits = new ArrayList<>();
		assertThat(dispatcher.deliverDue(10)).isEqualTo(1);
		for (int i = 0; i < 3; i++) {
			assertThat(dispatcher.deliverDue(10)).as("not due yet").isZero();
			java.time.Instant next = nextAttempt();
			waits.add(Duration.between(this.clock.instant(), next));
			this.clock.set(next);
			assertThat(dispatcher.deliverDue(10)).isEqualTo(1);
		}
		assertThat(this.receiver.calls.get()).isEqualTo(4);
		assertThat(waits.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofMillis(5500));
		assertThat(waits.get(1)).isBetween(Duration.ofMinutes(5), Duration.ofSeconds(330));
		assertThat(waits.get(2)).isBetween(Duration.ofMinutes(30), Duration.ofMinutes(33));
		assertThat(queryRows("SELECT status, attempts, last_status FROM credyt_webhook_delivery").get(0))
			.containsExactly("DELIVERED", 4, 200);
	}

	@Test
	void anOperatorSeesEachDestinationsDeliveriesCountedAndTheLatestNewestFirst() {
		destination("ok", "usage.recorded");
		destination("other", "usage.recorded");
		fund("alice", "6.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		dispatcher(this.dataSource).deliverDue(10);
		this.ledger.record(UsageEvent.of("evt-2", "alice", IMAGE, 1));
		assertThat(this.destinations.deliveryCounts()).containsEntry("ok",
				new JdbcWebhookDestinations.DeliveryCounts(1, 1, 0))
			.containsEntry("other", new JdbcWebhookDestinations.DeliveryCounts(1, 1, 0));
		List<JdbcWebhookDestinations.DeliveryRecord> latest = this.destinations.recentDeliveries("ok", 10);
		assertThat(latest).extracting(JdbcWebhookDestinations.DeliveryRecord::status)
			.containsExactly("PENDING", "DELIVERED");
		assertThat(latest.get(1).deliveredAt()).isNotNull();
		assertThat(latest.get(1).lastStatus()).isEqualTo(200);
		assertThat(latest.get(0).nextAttemptAt()).isNotNull();
		assertThat(latest.get(0).type()).isEqualTo("usage.recorded");
		assertThat(this.destinations.recentDeliveries(null, 3)).hasSize(3);
		assertThat(this.destinations.find("ok").orElseThrow().failingSince()).isNull();
	}

	@Test
	void aReceiversRetryAfterIsHonouredWhenLongerThanTheSchedule() {
		destination("busy", "*");
		this.receiver.status = () -> 429;
		this.receiver.retryAfter = "120";
		fund("alice", "6.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 8));
		dispatcher(this.dataSource).deliverDue(10);
		assertThat(Duration.between(this.clock.instant(), nextAttempt())).isEqualTo(Duration.ofSeconds(120));
	}

	@Test
	void aReceiverAnswering410IsDisabledAndGetsNothingMore() {
		destination("gone", "*");
		this.receiver.status = () -> 410;
		fund("alice", "6.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 8));
		dispatcher(this.dataSource).deliverDue(10);
		assertThat(this.destinations.find("gone").orElseThrow().destination().enabled()).isFalse();
		assertThat(this.destinations.find("gone").orElseThrow().disabledReason()).contains("410");
		this.outbox.refresh();
		this.ledger.record(UsageEvent.of("evt-2", "alice", IMAGE, 16));
		this.clock.advance(Duration.ofDays(1));
		assertThat(dispatcher(this.dataSource).deliverDue(10)).isZero();
		assertThat(this.receiver.calls.get()).isEqualTo(1);
	}

	@Test
	void eachCustomersEventsArriveInOrderAndWaitBehindAnEarlierFailure() {
		destination("ordered", "*");
		AtomicInteger answers = new AtomicInteger();
		this.receiver.status = () -> (answers.incrementAndGet() == 1) ? 500 : 200;
		fund("alice", "6.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 8));
		this.ledger.record(UsageEvent.of("evt-2", "alice", IMAGE, 16));
		WebhookDispatcher dispatcher = dispatcher(this.dataSource);
		assertThat(dispatcher.deliverDue(10)).as("the depleted event waits behind the low one").isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(dispatcher.deliverDue(10)).isEqualTo(1);
		assertThat(dispatcher.deliverDue(10)).isEqualTo(1);
		assertThat(this.receiver.received.stream().map((r) -> r.body().contains("balance.low") ? "low" : "depleted")
			.toList()).containsExactly("low", "low", "depleted");
	}

	@Test
	void twoInstancesDeliveringAtOnceSendEachEventOnce() {
		destination("all", "*", "usage.recorded");
		for (int c = 0; c < 8; c++) {
			fund("customer-" + c, "100.00");
		}
		for (int i = 0; i < 40; i++) {
			this.ledger.record(UsageEvent.of("evt-" + i, "customer-" + (i % 8), IMAGE, 1));
		}
		long events = queryCount("SELECT COUNT(*) FROM credyt_webhook_event");
		WebhookDispatcher one = dispatcher(this.dataSource);
		WebhookDispatcher two = dispatcher(anotherPool());
		List<Concurrently.Outcome<Integer>> outcomes = Concurrently.run(4, 40,
				(i) -> () -> ((i % 2 == 0) ? one : two).deliverDue(3));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		while (one.deliverDue(50) > 0) {
			// what is left, now in order behind what was sent
		}
		Map<String, Long> perEvent = this.receiver.received.stream()
			.collect(Collectors.groupingBy((r) -> r.header("webhook-id"), Collectors.counting()));
		assertThat(perEvent).hasSize((int) events).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_webhook_delivery WHERE status = 'DELIVERED'"))
			.isEqualTo(events);
	}

	@Test
	void balanceLowFiresOnceWhen32ConcurrentDebitsCrossTheThresholdTogether() {
		destination("low", "balance.low");
		fund("alice", "10.00");
		List<Concurrently.Outcome<Object>> outcomes = Concurrently.run(32, 32,
				(i) -> () -> this.ledger.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1)));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertUsd("alice", "2.00", "0", "2.00");
		assertThat(types()).containsExactly("balance.low");
		this.ledger.grant("alice", GrantRequest.paid(USD, "10.00"));
		this.ledger.record(UsageEvent.of("evt-again", "alice", IMAGE, 29));
		assertThat(types()).as("again after going back above").containsExactly("balance.low", "balance.low");
	}

	@Test
	void aSlowReceiverDoesNotDelayBilling() throws Exception {
		destination("slow", "*", "usage.recorded");
		this.receiver.delayMillis = 1500;
		fund("alice", "100.00");
		this.ledger.record(UsageEvent.of("evt-0", "alice", IMAGE, 1));
		Thread sending = new Thread(() -> dispatcher(this.dataSource).deliverDue(1));
		sending.start();
		Thread.sleep(200);
		long started = System.nanoTime();
		for (int i = 1; i <= 5; i++) {
			this.ledger.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1));
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1200));
		sending.join();
		assertInvariants();
	}

	@Test
	void aDeclinedCheckoutIsOneTopupFailedEventHoweverOftenItIsReported() {
		destination("all", "*");
		io.credyt.payment.TestPaymentProvider provider = io.credyt.payment.TestPaymentProvider.forMode(false,
				"/checkout");
		io.credyt.payment.TopUps topUps = new io.credyt.payment.TopUps(this.ledger, provider,
				io.credyt.payment.TopUpPolicy.of(USD, USD, "5.00", "500.00"),
				new io.credyt.jdbc.JdbcPaymentStore(this.dataSource, this.clock), this.outbox);
		io.credyt.payment.Checkout checkout = topUps.start("alice", new BigDecimal("20.00"), "/done", "/cancelled",
				false);
		provider.pay(checkout.sessionId(), io.credyt.payment.TestPaymentProvider.DECLINED, false);
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(io.credyt.payment.PaymentDeclinedException.class)
				.isThrownBy(() -> topUps.complete(checkout.sessionId()));
		}
		assertThat(types()).containsExactly("topup.failed");
		assertThat((String) queryRows("SELECT body FROM credyt_webhook_event").get(0).get(0))
			.contains("\"payment_id\":\"" + checkout.sessionId() + "\"")
			.contains("\"failure_reason\":\"Your card was declined.\"");
		this.outbox.failed(new io.credyt.payment.PaymentRecord("auto-1", "alice",
				io.credyt.payment.PaymentKind.AUTO_TOP_UP, "test", io.credyt.payment.PaymentStatus.FAILED,
				new BigDecimal("10.00"), USD, null, "Your card has insufficient funds.", START, START));
		assertThat(types()).containsExactly("topup.failed", "auto_topup.failed");
	}

	@Test
	void badDestinationsAreRefusedNamingTheField() {
		assertThatExceptionOfType(io.credyt.InvalidRequestException.class)
			.isThrownBy(() -> WebhookDestination.of("x", "ftp://example.com", List.of("*"), null))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("url"));
		assertThatExceptionOfType(io.credyt.InvalidRequestException.class)
			.isThrownBy(() -> WebhookDestination.of("x", "https://example.com", List.of("balance.lo"), null))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("topics"));
		assertThatExceptionOfType(io.credyt.InvalidRequestException.class)
			.isThrownBy(() -> WebhookDestination.of("x", "https://example.com", List.of("*"), "whsec_c2hvcnQ="))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("secret"));
		assertThat(WebhookDestination.newSecret()).startsWith("whsec_");
	}

	@Test
	void unusedEventTypesWriteNothingWithoutDestinations() {
		fund("alice", "6.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 8));
		assertThat(types()).isEmpty();
		assertThat(LedgerEvent.class).isNotNull();
	}

}

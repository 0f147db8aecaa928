package io.credyt.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.credyt.InvalidRequestException;
import io.credyt.jdbc.JdbcLedger;
import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.payment.CountingPaymentProvider.SimulatedCrash;
import io.credyt.testing.Concurrently;
import io.credyt.testing.FaultInjectingDataSource;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.CREDITS;
import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.RENDER;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Auto top-up: when debits take a wallet below its threshold, exactly one top-up is charged to
 * the saved card and credited before the debit returns, however many debits cross at once and on
 * however many instances; a declining card is tried once per cooldown and a few times a day at
 * most; bad settings write nothing; a top-up lost mid-charge is completed under its own key.
 */
abstract class AutoTopUpBehaviourTests extends LedgerTestSupport {

	private static final Duration COOLDOWN = Duration.ofHours(1);

	private static final Duration STALE_AFTER = Duration.ofMinutes(10);

	private static final TopUpPolicy POLICY = TopUpPolicy.of(USD, USD, "5.00", "500.00");

	private TestPaymentProvider provider;

	private CountingPaymentProvider counting;

	private final AtomicInteger events = new AtomicInteger();

	private TopUps topUps;

	private AutoTopUps autoTopUps;

	/** The ledger the application bills through: it tells auto top-up about every usage. */
	private Ledger billing;

	AutoTopUpBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void createAutoTopUps() {
		this.provider = new TestPaymentProvider("/checkout");
		this.counting = new CountingPaymentProvider(this.provider);
		this.topUps = new TopUps(this.ledger, this.counting, POLICY, new JdbcPaymentStore(this.dataSource, this.clock));
		this.autoTopUps = autoTopUps(this.dataSource, this.ledger, this.topUps, 3, COOLDOWN);
		this.billing = listening(this.dataSource, this.autoTopUps);
	}

	@AfterEach
	void ledgerInvariantsHold() {
		assertInvariants();
	}

	@Test
	void concurrentDebitsCrossingTheThresholdAtOnceChargeOnce() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("10", "20", card));

		List<Concurrently.Outcome<UsageRecord>> outcomes = Concurrently.run(32, 32,
				(i) -> () -> this.billing.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1)));

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(this.counting.charges()).isEqualTo(1);
		assertThat(paidGrants()).isEqualTo(2);
		assertUsd("alice", "22.00", "0", "22.00");
		AutoTopUpStatus status = this.autoTopUps.status("alice").orElseThrow();
		assertThat(status.lastStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(status.inFlightSince()).isNull();
		assertThat(status.attemptsToday()).isEqualTo(1);
		assertThat(status.lastAttemptAt()).isEqualTo(START);
		List<PaymentRecord> autoPayments = this.topUps.store()
			.payments("alice", PageRequest.of(0, 10))
			.items()
			.stream()
			.filter((payment) -> payment.kind() == PaymentKind.AUTO_TOP_UP)
			.toList();
		assertThat(autoPayments).singleElement().satisfies((payment) -> {
			assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
			assertThat(payment.amount()).isEqualByComparingTo("20");
		});
	}

	@Test
	void concurrentChecksBelowTheThresholdStartOneTopUp() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("50", "100", card));

		List<Concurrently.Outcome<Optional<PaymentRecord>>> outcomes = Concurrently.run(32, 32,
				(i) -> () -> this.autoTopUps.check("alice"));

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(outcomes.stream().filter((outcome) -> outcome.value().isPresent()))
			.singleElement()
			.satisfies((outcome) -> {
				PaymentRecord payment = outcome.value().orElseThrow();
				assertThat(payment.kind()).isEqualTo(PaymentKind.AUTO_TOP_UP);
				assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
				assertThat(payment.paymentReference()).startsWith("test_pi_");
			});
		assertThat(this.counting.charges()).isEqualTo(1);
		assertUsd("alice", "110.00", "0", "110.00");
	}

	@Test
	void twoInstancesOnOneDatabaseChargeOnce() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("10", "20", card));
		DataSource otherPool = anotherPool();
		Ledger otherLedger = newLedger(otherPool);
		// the same payment provider (Stripe's API), reached from another application instance
		TopUps otherTopUps = new TopUps(otherLedger, this.counting, POLICY, new JdbcPaymentStore(otherPool, this.clock));
		Ledger otherBilling = listening(otherPool, autoTopUps(otherPool, otherLedger, otherTopUps, 3, COOLDOWN));

		List<Concurrently.Outcome<UsageRecord>> outcomes = Concurrently.run(32, 32,
				(i) -> () -> ((i % 2 == 0) ? this.billing : otherBilling)
					.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1)));

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(this.counting.charges()).isEqualTo(1);
		assertThat(paidGrants()).isEqualTo(2);
		assertUsd("alice", "22.00", "0", "22.00");
	}

	@Test
	void aSuccessfulTopUpIsCreditedBeforeTheDebitReturns() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("10", "20", card));

		this.billing.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));

		assertThat(this.ledger.balance("alice").available(USD)).isEqualByComparingTo("29.75");
		assertThat(this.counting.charges()).isEqualTo(1);
	}

	@Test
	void theDebitClaimsTheTopUpAndTheChargeRunsOnTheExecutorAfterTheCommit() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		List<Runnable> queued = new CopyOnWriteArrayList<>();
		AutoTopUps deferred = new AutoTopUps(this.dataSource, () -> this.ledger, () -> this.topUps,
				new AutoTopUpOptions(COOLDOWN, 3, STALE_AFTER), this.clock, queued::add);
		deferred.configure("alice", on("10", "20", card));

		UsageRecord usage = listening(this.dataSource, deferred).record(UsageEvent.of("evt-1", "alice", IMAGE, 1));

		assertThat(usage.fee()).isEqualByComparingTo("0.25");
		assertThat(this.counting.charges()).as("the debit did not wait for a charge").isZero();
		assertThat(deferred.status("alice").orElseThrow().inFlightSince()).as("claimed with the debit").isNotNull();
		assertUsd("alice", "9.75", "0", "9.75");
		assertThat(queued).hasSize(1);

		queued.forEach(Runnable::run);

		assertThat(this.counting.charges()).isEqualTo(1);
		assertUsd("alice", "29.75", "0", "29.75");
		assertThat(deferred.status("alice").orElseThrow().inFlightSince()).isNull();
		assertThat(deferred.status("alice").orElseThrow().lastStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
	}

	@Test
	void aDebitThatRollsBackClaimsNothing() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("10", "20", card));
		FaultInjectingDataSource faulty = FaultInjectingDataSource.wrap(this.dataSource);
		Ledger billing = listening(faulty.dataSource(),
				autoTopUps(faulty.dataSource(), this.ledger, this.topUps, 3, COOLDOWN));
		faulty.failFrom("insert into credyt_entry", 1);

		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> billing.record(UsageEvent.of("evt-1", "alice", IMAGE, 1)))
			.withRootCauseInstanceOf(FaultInjectingDataSource.InjectedFault.class);

		faulty.disarm();
		assertThat(this.counting.charges()).isZero();
		AutoTopUpStatus status = this.autoTopUps.status("alice").orElseThrow();
		assertThat(status.inFlightSince()).isNull();
		assertThat(status.attemptsToday()).isZero();
		assertUsd("alice", "10.00", "0", "10.00");
	}

	@Test
	void aBalanceStillAboveTheThresholdStartsNothing() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("9.75", "20", card));

		this.billing.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));

		assertThat(this.counting.charges()).isZero();
		assertThat(this.autoTopUps.check("alice")).isEmpty();
		assertThat(this.autoTopUps.status("alice").orElseThrow().lastStatus()).isNull();
		this.billing.record(UsageEvent.of("evt-2", "alice", IMAGE, 1));
		assertThat(this.counting.charges()).isEqualTo(1);
	}

	@Test
	void declinedCardStartsNoSecondChargeUntilTheCooldownHasPassed() {
		String card = saveCard("alice", TestPaymentProvider.DECLINED, "10.00");
		assertThat(card).isEqualTo("test_pm_0002");
		fund("alice", "30");
		this.autoTopUps.configure("alice", on("50", "20", card));

		List<Concurrently.Outcome<UsageRecord>> outcomes = Concurrently.run(32, 64,
				(i) -> () -> this.billing.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1)));

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(this.counting.charges()).isEqualTo(1);
		AutoTopUpStatus failed = this.autoTopUps.status("alice").orElseThrow();
		assertThat(failed.lastStatus()).isEqualTo(PaymentStatus.FAILED);
		assertThat(failed.lastFailureReason()).isEqualTo("Your card was declined.");
		assertThat(failed.cooldownUntil()).isEqualTo(START.plus(COOLDOWN));
		assertThat(failed.inFlightSince()).isNull();
		assertThat(failed.attemptsToday()).isEqualTo(1);
		assertThat(this.topUps.store().payments("alice", PageRequest.of(0, 10)).items())
			.filteredOn((payment) -> payment.kind() == PaymentKind.AUTO_TOP_UP)
			.singleElement()
			.satisfies((payment) -> {
				assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
				assertThat(payment.failureReason()).isEqualTo("Your card was declined.");
			});

		this.clock.advance(COOLDOWN.minusSeconds(1));
		debit("alice", 5);
		assertThat(this.counting.charges()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(1));
		List<Concurrently.Outcome<UsageRecord>> later = Concurrently.run(16, 16,
				(i) -> () -> this.billing.record(UsageEvent.of("later-" + i, "alice", IMAGE, 1)));
		assertThat(later).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(this.counting.charges()).isEqualTo(2);
		AutoTopUpStatus again = this.autoTopUps.status("alice").orElseThrow();
		assertThat(again.attemptsToday()).isEqualTo(2);
		assertThat(again.cooldownUntil()).isEqualTo(START.plus(COOLDOWN).plus(COOLDOWN));
		assertThat(paidGrants()).isEqualTo(1);
		// 85 images at $0.25, nothing credited
		assertUsd("alice", "8.75", "0", "8.75");
	}

	@Test
	void aDeclineReturnsAFailedPaymentRatherThanThrowing() {
		String card = saveCard("alice", TestPaymentProvider.INSUFFICIENT_FUNDS, "10.00");
		this.autoTopUps.configure("alice", on("10", "20", card));

		PaymentRecord payment = this.autoTopUps.check("alice").orElseThrow();

		assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(payment.failureReason()).isEqualTo("Your card has insufficient funds.");
		assertThat(this.autoTopUps.check("alice")).isEmpty();
	}

	@Test
	void topUpsStopAtTheDailyCapAndResumeTheNextUtcDay() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("100", "5", card));

		debit("alice", 10);

		assertThat(this.counting.charges()).isEqualTo(3);
		AutoTopUpStatus capped = this.autoTopUps.status("alice").orElseThrow();
		assertThat(capped.attemptsToday()).isEqualTo(3);
		assertThat(capped.lastStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertUsd("alice", "22.50", "0", "22.50");

		this.clock.set(Instant.parse("2025-01-15T23:59:59Z"));
		debit("alice", 1);
		assertThat(this.counting.charges()).isEqualTo(3);

		this.clock.set(Instant.parse("2025-01-16T00:00:00Z"));
		assertThat(this.autoTopUps.status("alice").orElseThrow().attemptsToday()).isZero();
		debit("alice", 1);
		assertThat(this.counting.charges()).isEqualTo(4);
		assertThat(this.autoTopUps.status("alice").orElseThrow().attemptsToday()).isEqualTo(1);
	}

	@Test
	void aDecliningCardWithoutCooldownIsStillTriedOnlyUpToTheDailyCap() {
		AutoTopUps noCooldown = autoTopUps(this.dataSource, this.ledger, this.topUps, 3, Duration.ZERO);
		Ledger billing = listening(this.dataSource, noCooldown);
		String card = saveCard("alice", TestPaymentProvider.DECLINED, "10.00");
		fund("alice", "30");
		noCooldown.configure("alice", on("50", "20", card));

		List<Concurrently.Outcome<UsageRecord>> outcomes = Concurrently.run(8, 40,
				(i) -> () -> billing.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1)));

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(this.counting.charges()).isEqualTo(3);
		assertThat(noCooldown.status("alice").orElseThrow().attemptsToday()).isEqualTo(3);
	}

	@Test
	void disabledAutoTopUpNeverCharges() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		AutoTopUpStatus status = this.autoTopUps.configure("alice", new AutoTopUpSettings(false,
				new BigDecimal("50"), new BigDecimal("20"), card));
		assertThat(status.settings().enabled()).isFalse();

		debit("alice", 8);

		assertThat(this.autoTopUps.check("alice")).isEmpty();
		assertThat(this.autoTopUps.check("bob")).isEmpty();
		assertThat(this.counting.charges()).isZero();
		assertThat(this.autoTopUps.status("alice").orElseThrow().lastStatus()).isNull();
		assertThat(this.autoTopUps.status("bob")).isEmpty();
	}

	@Test
	void turningItOffStopsTopUpsAndTurningItOnAgainClearsTheCooldown() {
		String declining = saveCard("alice", TestPaymentProvider.DECLINED, "10.00");
		String good = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("20", "20", declining));
		debit("alice", 1);
		assertThat(this.autoTopUps.status("alice").orElseThrow().cooldownUntil()).isNotNull();

		this.autoTopUps.configure("alice", new AutoTopUpSettings(false, new BigDecimal("20"), new BigDecimal("20"), good));
		debit("alice", 1);
		assertThat(this.counting.charges()).isEqualTo(1);

		AutoTopUpStatus on = this.autoTopUps.configure("alice", on("20", "20", good));
		assertThat(on.cooldownUntil()).isNull();
		assertThat(on.lastStatus()).isEqualTo(PaymentStatus.FAILED);
		debit("alice", 1);
		assertThat(this.counting.charges()).isEqualTo(2);
		assertThat(this.autoTopUps.status("alice").orElseThrow().lastStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertUsd("alice", "29.25", "0", "29.25");
	}

	@Test
	void configureSavesTheSettingsInTheTopUpAssetAndCurrency() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");

		AutoTopUpStatus status = this.autoTopUps.configure("alice", on("7.5", "20", card));

		assertThat(status.customer()).isEqualTo("alice");
		assertThat(status.settings().enabled()).isTrue();
		assertThat(status.settings().threshold()).isEqualTo(new BigDecimal("7.50"));
		assertThat(status.settings().amount()).isEqualTo(new BigDecimal("20.00"));
		assertThat(status.settings().paymentMethod()).isEqualTo(card);
		assertThat(status.inFlightSince()).isNull();
		assertThat(status.lastAttemptAt()).isNull();
		assertThat(status.lastStatus()).isNull();
		assertThat(status.attemptsToday()).isZero();
		assertThat(this.autoTopUps.status("alice")).contains(status);
		assertThat(this.autoTopUps.configure("alice", on("8", "25", card)).settings().amount())
			.isEqualTo(new BigDecimal("25.00"));
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_auto_top_up")).isEqualTo(1);
	}

	@Test
	void badSettingsAreRefusedAndWriteNothing() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		String bobsCard = saveCard("bob", TestPaymentProvider.DECLINED, "10.00");
		this.autoTopUps.configure("alice", on("10", "20", card));
		AutoTopUpStatus before = this.autoTopUps.status("alice").orElseThrow();
		RowCounts rows = rowCounts();

		assertRefused("threshold", () -> this.autoTopUps.configure("alice", on("-1", "20", card)));
		assertRefused("threshold", () -> this.autoTopUps.configure("alice", on("10.001", "20", card)));
		assertRefused("threshold", () -> this.autoTopUps.configure("alice", on("1e25", "20", card)));
		assertRefused("threshold", () -> this.autoTopUps.configure("carol",
				new AutoTopUpSettings(true, null, new BigDecimal("20"), card)));
		assertRefused("amount", () -> this.autoTopUps.configure("alice", on("10", "4.99", card)));
		assertRefused("amount", () -> this.autoTopUps.configure("alice", on("10", "500.01", card)));
		assertRefused("amount", () -> this.autoTopUps.configure("alice", on("10", "20.001", card)));
		assertRefused("amount", () -> this.autoTopUps.configure("alice", on("10", "0", card)));
		assertRefused("paymentMethod", () -> this.autoTopUps.configure("alice", on("10", "20", null)));
		assertRefused("paymentMethod", () -> this.autoTopUps.configure("alice", on("10", "20", " ")));
		assertRefused("paymentMethod", () -> this.autoTopUps.configure("alice", on("10", "20", "test_pm_9999")));
		assertRefused("paymentMethod", () -> this.autoTopUps.configure("alice", on("10", "20", bobsCard)));
		assertRefused("paymentMethod", () -> this.autoTopUps.configure("alice",
				new AutoTopUpSettings(false, new BigDecimal("10"), new BigDecimal("20"), bobsCard)));
		assertRefused("customer", () -> this.autoTopUps.configure(" ", on("10", "20", card)));
		assertRefused("settings", () -> this.autoTopUps.configure("alice", null));
		assertRefused("customer", () -> this.autoTopUps.check(""));
		assertRefused("customer", () -> this.autoTopUps.status(null));

		assertThat(rowCounts()).isEqualTo(rows);
		assertThat(this.autoTopUps.status("alice")).contains(before);
		assertThat(this.autoTopUps.status("carol")).isEmpty();
		assertThat(this.counting.charges()).isZero();
	}

	@Test
	void aTopUpLostAfterTheChargeIsCreditedOnceByItsOwnKeyOnceStale() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("10", "20", card));
		this.ledger.record(UsageEvent.of("before-crash", "alice", IMAGE, 1));
		this.counting.crashAfterNextCharge();

		assertThatExceptionOfType(SimulatedCrash.class).isThrownBy(() -> this.autoTopUps.check("alice"));

		AutoTopUpStatus lost = this.autoTopUps.status("alice").orElseThrow();
		assertThat(lost.inFlightSince()).isEqualTo(START);
		assertThat(lost.lastStatus()).isEqualTo(PaymentStatus.PENDING);
		assertUsd("alice", "9.75", "0", "9.75");
		this.clock.advance(STALE_AFTER.minusSeconds(1));
		debit("alice", 1);
		assertThat(this.counting.charges()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(1));
		debit("alice", 1);

		assertThat(this.counting.charges()).isEqualTo(2);
		assertThat(this.counting.distinctPayments()).isEqualTo(1);
		assertThat(paidGrants()).isEqualTo(2);
		assertUsd("alice", "29.25", "0", "29.25");
		AutoTopUpStatus recovered = this.autoTopUps.status("alice").orElseThrow();
		assertThat(recovered.lastStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(recovered.inFlightSince()).isNull();
		assertThat(recovered.attemptsToday()).isEqualTo(1);
	}

	@Test
	void aTopUpLostBeforeTheChargeIsChargedOnceStale() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("10", "20", card));
		this.ledger.record(UsageEvent.of("before-crash", "alice", IMAGE, 1));
		this.counting.crashBeforeNextCharge();

		assertThatExceptionOfType(SimulatedCrash.class).isThrownBy(() -> this.autoTopUps.check("alice"));
		assertThat(this.counting.distinctPayments()).isZero();

		this.clock.advance(STALE_AFTER);
		List<Concurrently.Outcome<UsageRecord>> outcomes = Concurrently.run(16, 16,
				(i) -> () -> this.billing.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1)));

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(this.counting.distinctPayments()).isEqualTo(1);
		assertUsd("alice", "25.75", "0", "25.75");
		assertThat(this.autoTopUps.status("alice").orElseThrow().lastStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
	}

	@Test
	void anUnexpectedProviderFailureIsAFailureWithACooldownAndNeverReachesTheDebit() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("10", "20", card));
		this.counting.failNextCharges(new IllegalStateException("Stripe is unreachable"));

		UsageRecord usage = this.billing.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));

		assertThat(usage.fee()).isEqualByComparingTo("0.25");
		AutoTopUpStatus failed = this.autoTopUps.status("alice").orElseThrow();
		assertThat(failed.lastStatus()).isEqualTo(PaymentStatus.FAILED);
		assertThat(failed.lastFailureReason()).isEqualTo("The top-up could not be completed.");
		assertThat(failed.cooldownUntil()).isEqualTo(START.plus(COOLDOWN));
		assertThat(failed.inFlightSince()).isNull();
		debit("alice", 3);
		assertThat(this.counting.charges()).isEqualTo(1);
		assertUsd("alice", "9.00", "0", "9.00");
	}

	@Test
	void usageInAnotherAssetOrWithoutAFeeStartsNothing() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS, "10.00");
		this.autoTopUps.configure("alice", on("50", "20", card));
		fund("alice", CREDITS, "100");

		this.billing.record(UsageEvent.of("render-1", "alice", RENDER, 1));

		assertThat(this.counting.charges()).isZero();
		this.billing.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		assertThat(this.counting.charges()).isEqualTo(1);
	}

	@Test
	void failingListsCustomersWhoseLastTopUpFailedMostRecentFirst() {
		for (String customer : List.of("alice", "bob", "carol")) {
			String number = customer.equals("bob") ? TestPaymentProvider.SUCCEEDS : TestPaymentProvider.DECLINED;
			String card = saveCard(customer, number, "10.00");
			fund(customer, "10");
			this.autoTopUps.configure(customer, on("50", "20", card));
			debit(customer, 1);
			this.clock.advance(Duration.ofMinutes(1));
		}

		Page<AutoTopUpStatus> failing = this.autoTopUps.failing(PageRequest.of(0, 1));

		assertThat(failing.total()).isEqualTo(2);
		assertThat(failing.items()).extracting(AutoTopUpStatus::customer).containsExactly("carol");
		assertThat(this.autoTopUps.failing(PageRequest.of(1, 1)).items()).extracting(AutoTopUpStatus::customer)
			.containsExactly("alice");
		assertThat(failing.items().get(0).lastFailureReason()).isEqualTo("Your card was declined.");
	}

	private void debit(String customer, int images) {
		for (int i = 0; i < images; i++) {
			this.billing.record(UsageEvent.of(customer + "-" + this.events.incrementAndGet(), customer, IMAGE, 1));
		}
	}

	private long paidGrants() {
		return queryCount("SELECT COUNT(*) FROM credyt_grant WHERE purpose = ?", GrantPurpose.PAID.name());
	}

	/** A ledger (an application instance) that tells auto top-up about its changes inside their transactions. */
	private Ledger listening(DataSource dataSource, AutoTopUps autoTopUps) {
		return new JdbcLedger(dataSource, new DataSourceTransactionManager(dataSource), TestCatalog.catalog(), options(),
				this.clock, autoTopUps);
	}

	private AutoTopUps autoTopUps(DataSource dataSource, Ledger ledger, TopUps topUps, int maxPerDay,
			Duration cooldown) {
		return new AutoTopUps(dataSource, ledger, topUps, new AutoTopUpOptions(cooldown, maxPerDay, STALE_AFTER),
				this.clock);
	}

	private static AutoTopUpSettings on(String threshold, String amount, String card) {
		return new AutoTopUpSettings(true, new BigDecimal(threshold), new BigDecimal(amount), card);
	}

	private static void assertRefused(String field, Runnable call) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(call::run)
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo(field));
	}

	private String saveCard(String customer, String number, String amount) {
		return SavedCards.save(this.topUps, this.provider, customer, number, amount);
	}

}

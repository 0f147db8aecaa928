package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.InvalidRequestException;
import io.credyt.adjust.ActionConflictException;
import io.credyt.adjust.ChargeAlreadyRefundedException;
import io.credyt.adjust.ChargeRefund;
import io.credyt.adjust.ChargeRefunds;
import io.credyt.adjust.OperatorAction;
import io.credyt.adjust.TopUpRefund;
import io.credyt.adjust.UnknownChargeException;
import io.credyt.adjust.UnknownPaymentException;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UnknownCustomerException;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.RefundOutcome;
import io.credyt.payment.RefundRequest;
import io.credyt.testing.Concurrently;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An operator's refunds, gifts and corrections: each idempotent, recorded with who and why, and
 * a charge refunded at most once however many operators click at once.
 */
abstract class RefundBehaviourTests extends LedgerTestSupport {

	private final StandInProvider provider = new StandInProvider();

	private final List<LedgerEvent> heard = new CopyOnWriteArrayList<>();

	private JdbcPaymentStore payments;

	private JdbcAdjustments adjustments;

	RefundBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void createAdjustments() {
		this.payments = new JdbcPaymentStore(this.dataSource, this.clock);
		this.adjustments = new JdbcAdjustments(this.dataSource,
				new org.springframework.jdbc.datasource.DataSourceTransactionManager(this.dataSource),
				TestCatalog.catalog(), options(), this.clock, this.heard::addAll, this.payments, this.provider);
	}

	private static OperatorAction action(String key) {
		return new OperatorAction(key, "ops@example.com", "customer complained");
	}

	// ------------------------------------------------------------------ charges

	@Test
	void refundGivesTheFeeBackAsTheValueThatPaidIt() {
		this.ledger.grant("alice", GrantRequest.promotional(USD, "0.10"));
		fund("alice", "1.00");
		UsageRecord charge = this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		assertThat(charge.split().promotional()).isEqualByComparingTo("0.10");
		assertThat(charge.split().paid()).isEqualByComparingTo("0.15");
		this.clock.advance(Duration.ofHours(1));
		ChargeRefunds result = this.adjustments.refundCharge("alice", "evt-1", action("refund-1"));
		assertThat(result.replayed()).isFalse();
		assertThat(result.total()).isEqualByComparingTo("0.25");
		ChargeRefund refund = result.refunded().get(0);
		assertThat(refund.usageEventId()).isEqualTo("evt-1");
		assertThat(refund.product()).isEqualTo(IMAGE);
		assertThat(refund.operator()).isEqualTo("ops@example.com");
		assertThat(refund.reason()).isEqualTo("customer complained");
		assertUsd("alice", "1.10", "0", "1.10");
		assertThat(remaining("alice", GrantPurpose.PROMOTIONAL)).isEqualByComparingTo("0.10");
		assertThat(remaining("alice", GrantPurpose.PAID)).isEqualByComparingTo("1.00");
		Adjustment adjustment = this.ledger.adjustments("alice", PageRequest.of(0, 10)).items().get(0);
		assertThat(adjustment.reason()).isEqualTo(AdjustmentReason.REFUND);
		assertThat(adjustment.reference()).isEqualTo("evt-1");
		assertThat(adjustment.amount()).isEqualByComparingTo("0.25");
		assertThat(adjustment.actor()).isEqualTo("ops@example.com");
		assertThat(adjustment.note()).isEqualTo("customer complained");
		assertThat(this.adjustments.refundOf("evt-1")).contains(refund);
		assertThat(this.heard).anySatisfy((event) -> assertThat(event).isInstanceOf(LedgerEvent.AdjustmentRecorded.class));
		assertThat(this.heard).anySatisfy((event) -> assertThat(event).isInstanceOf(LedgerEvent.BalanceChanged.class));
		assertInvariants();
	}

	@Test
	void refundingTheLastThreeChargesRestoresExactlyTheirFeesAndFreeUnits() {
		this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 2));
		fund("alice", "1.00");
		for (int i = 1; i <= 4; i++) {
			this.ledger.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1));
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertUsd("alice", "0.50", "0", "0.50");
		assertThat(used("alice")).isEqualByComparingTo("2");
		ChargeRefunds result = this.adjustments.refundLastCharges("alice", 3, action("last-3"));
		assertThat(result.refunded()).extracting(ChargeRefund::usageEventId).containsExactly("evt-4", "evt-3", "evt-2");
		assertThat(result.total()).isEqualByComparingTo("0.50");
		assertThat(result.refunded().get(2).unitsRestored()).isEqualByComparingTo("1");
		assertUsd("alice", "1.00", "0", "1.00");
		assertThat(used("alice")).as("evt-1's free image stays used").isEqualByComparingTo("1");
		ChargeRefunds again = this.adjustments.refundLastCharges("alice", 4, action("last-4"));
		assertThat(again.refunded()).extracting(ChargeRefund::usageEventId).containsExactly("evt-1");
		assertThat(again.alreadyRefunded()).containsExactly("evt-4", "evt-3", "evt-2");
		assertThat(used("alice")).isEqualByComparingTo("0");
		assertUsd("alice", "1.00", "0", "1.00");
		assertInvariants();
	}

	@Test
	void refundOfACapturedChargeGivesItsUnitsBackToTheEntitlementItUsed() {
		this.ledger.entitle("alice", EntitlementRequest.every(EntitlementPeriod.MONTH, IMAGE, 1));
		this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 5));
		fund("alice", "1.00");
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(BigDecimal.valueOf(3)));
		this.ledger.capture(hold.id(), Capture.of("evt-1"));
		assertThat(used("alice")).isEqualByComparingTo("3");
		this.adjustments.refundCharge("alice", "evt-1", action("refund-1"));
		assertThat(used("alice")).isEqualByComparingTo("0");
		assertUsd("alice", "1.00", "0", "1.00");
		assertInvariants();
	}

	@Test
	void refundOfAnOverdrawnChargeSettlesTheDebt() {
		this.ledger.overdraftLimit("alice", USD, new BigDecimal("1.00"));
		fund("alice", "0.10");
		UsageRecord charge = this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		assertThat(charge.split().unfunded()).isEqualByComparingTo("0.15");
		assertUsd("alice", "-0.15", "0", "-0.15");
		this.adjustments.refundCharge("alice", "evt-1", action("refund-1"));
		assertUsd("alice", "0.10", "0", "0.10");
		assertThat(remaining("alice", GrantPurpose.PAID)).isEqualByComparingTo("0.10");
		assertInvariants();
	}

	@Test
	void twentyConcurrentRefundsOfTheSameChargeRefundItOnce() {
		fund("alice", "1.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		List<Concurrently.Outcome<ChargeRefunds>> outcomes = Concurrently.run(20, 20,
				(i) -> () -> this.adjustments.refundCharge("alice", "evt-1", action("operator-click-" + i)));
		assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(1);
		assertThat(outcomes).filteredOn((outcome) -> !outcome.succeeded())
			.hasSize(19)
			.allSatisfy((outcome) -> assertThat(outcome.error()).isInstanceOf(ChargeAlreadyRefundedException.class));
		assertUsd("alice", "1.00", "0", "1.00");
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_refund")).isEqualTo(1);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_adjustment")).isEqualTo(1);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_action")).isEqualTo(1);
		assertInvariants();
	}

	@Test
	void theSameKeySentConcurrentlyRefundsOnceAndAnswersEveryCallAlike() {
		fund("alice", "1.00");
		for (int i = 1; i <= 3; i++) {
			this.ledger.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1));
			this.clock.advance(Duration.ofSeconds(1));
		}
		List<Concurrently.Outcome<ChargeRefunds>> outcomes = Concurrently.run(10, 10,
				(i) -> () -> this.adjustments.refundLastCharges("alice", 3, action("one-click")));
		assertThat(outcomes).allSatisfy((outcome) -> {
			assertThat(outcome.error()).isNull();
			assertThat(outcome.value().refunded()).extracting(ChargeRefund::usageEventId)
				.containsExactly("evt-3", "evt-2", "evt-1");
		});
		assertThat(outcomes).filteredOn((outcome) -> !outcome.value().replayed()).hasSize(1);
		assertUsd("alice", "1.00", "0", "1.00");
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_refund")).isEqualTo(3);
		assertInvariants();
	}

	@Test
	void aKeyUsedForAnotherActionIsRefusedAndWritesNothing() {
		fund("alice", "1.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		this.ledger.record(UsageEvent.of("evt-2", "alice", IMAGE, 1));
		this.adjustments.refundCharge("alice", "evt-1", action("key-1"));
		RowCounts before = rowCounts();
		assertThatExceptionOfType(ActionConflictException.class)
			.isThrownBy(() -> this.adjustments.refundCharge("alice", "evt-2", action("key-1")));
		assertThatExceptionOfType(ActionConflictException.class)
			.isThrownBy(() -> this.adjustments.gift("alice", USD, new BigDecimal("1"), null, action("key-1")));
		assertThat(rowCounts().since(before)).isEmpty();
	}

	@Test
	void badRefundsAreRefusedAndWriteNothing() {
		fund("alice", "1.00");
		fund("bob", "1.00");
		this.ledger.record(UsageEvent.of("evt-bob", "bob", IMAGE, 1));
		RowCounts before = rowCounts();
		assertThatExceptionOfType(UnknownCustomerException.class)
			.isThrownBy(() -> this.adjustments.refundCharge("nobody", "evt-bob", action("k1")));
		assertThatExceptionOfType(UnknownChargeException.class).as("another customer's charge")
			.isThrownBy(() -> this.adjustments.refundCharge("alice", "evt-bob", action("k2")));
		assertThatExceptionOfType(UnknownChargeException.class)
			.isThrownBy(() -> this.adjustments.refundCharge("alice", "evt-none", action("k3")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.adjustments.refundLastCharges("alice", 0, action("k4")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.adjustments.refundLastCharges("alice", 101, action("k5")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.adjustments.refundCharge("alice", "x".repeat(129), action("k6")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> new OperatorAction("k7", "ops", " "));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> new OperatorAction("k".repeat(256), "ops", "why"));
		assertThat(rowCounts().since(before)).isEmpty();
	}

	@Test
	void aDatabaseMadeBeforeAdjustmentsKeptTheirOperatorGetsTheColumnWhenTheSchemaRunsAgain() {
		try (java.sql.Connection connection = this.dataSource.getConnection();
				java.sql.Statement statement = connection.createStatement()) {
			statement.execute("ALTER TABLE credyt_adjustment DROP COLUMN actor");
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
		LedgerSchema.initialize(this.dataSource);
		fund("alice", "1.00");
		assertThat(this.adjustments.gift("alice", USD, BigDecimal.ONE, null, action("g1")).actor())
			.isEqualTo("ops@example.com");
		assertThat(this.ledger.adjustments("alice", PageRequest.of(0, 1)).items().get(0).actor())
			.isEqualTo("ops@example.com");
	}

	// ------------------------------------------------------------------ gifts and corrections

	@Test
	void giftIsPromotionalValueThatMayExpire() {
		this.ledger.customer("alice");
		Adjustment gift = this.adjustments.gift("alice", USD, new BigDecimal("2.00"), START.plus(Duration.ofDays(7)),
				action("gift-1"));
		assertThat(gift.reason()).isEqualTo(AdjustmentReason.GIFT);
		assertThat(gift.actor()).isEqualTo("ops@example.com");
		CreditGrant grant = this.ledger.grants("alice").get(0);
		assertThat(grant.purpose()).isEqualTo(GrantPurpose.PROMOTIONAL);
		assertThat(grant.expiresAt()).isEqualTo(START.plus(Duration.ofDays(7)));
		assertThat(this.adjustments.gift("alice", USD, new BigDecimal("2.00"), START.plus(Duration.ofDays(7)),
				action("gift-1")))
			.as("a replayed gift")
			.isEqualTo(gift);
		assertUsd("alice", "2.00", "0", "2.00");
		this.clock.advance(Duration.ofDays(8));
		assertUsd("alice", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void giftNeedsAKnownCustomerAndASaneAmount() {
		RowCounts before = rowCounts();
		assertThatExceptionOfType(UnknownCustomerException.class)
			.isThrownBy(() -> this.adjustments.gift("nobody", USD, BigDecimal.ONE, null, action("g1")));
		this.ledger.customer("alice");
		RowCounts known = rowCounts();
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.adjustments.gift("alice", USD, new BigDecimal("-1"), null, action("g2")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.adjustments.gift("alice", USD, new BigDecimal("1e30"), null, action("g3")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.adjustments.gift("alice", USD, BigDecimal.ONE, START.minusSeconds(1), action("g4")));
		assertThat(rowCounts().since(known)).isEmpty();
		assertThat(before.of("credyt_action")).isZero();
	}

	@Test
	void correctionAddsOrTakesValueAndNeverOverdraws() {
		fund("alice", "1.00");
		this.adjustments.correct("alice", USD, new BigDecimal("0.50"), action("c1"));
		assertUsd("alice", "1.50", "0", "1.50");
		Adjustment taken = this.adjustments.correct("alice", USD, new BigDecimal("-1.25"), action("c2"));
		assertThat(taken.amount()).isEqualByComparingTo("-1.25");
		assertThat(taken.reason()).isEqualTo(AdjustmentReason.CORRECTION);
		assertUsd("alice", "0.25", "0", "0.25");
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.adjustments.correct("alice", USD, new BigDecimal("-0.26"), action("c3")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.adjustments.correct("alice", USD, BigDecimal.ZERO, action("c4")));
		assertThat(rowCounts().since(before)).isEmpty();
		assertInvariants();
	}

	// ------------------------------------------------------------------ top-ups

	@Test
	void topUpRefundTakesTheMoneyOutOfTheWalletAndSendsItBackThroughTheProvider() {
		paidTopUp("alice", "cs_1", "pi_1", "10.00");
		TopUpRefund refund = this.adjustments.refundTopUp("alice", "cs_1", new BigDecimal("4.00"), false,
				action("topup-refund-1"));
		assertThat(refund.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(refund.providerReference()).isEqualTo("re_1");
		assertThat(refund.debited()).isEqualByComparingTo("4.00");
		assertThat(this.provider.requests).singleElement().satisfies((request) -> {
			assertThat(request.paymentReference()).isEqualTo("pi_1");
			assertThat(request.amount()).isEqualByComparingTo("4.00");
			assertThat(request.idempotencyKey()).isEqualTo("credyt-refund-" + refund.id());
		});
		assertUsd("alice", "6.00", "0", "6.00");
		assertThat(this.adjustments.refundable("alice", "cs_1")).isEqualByComparingTo("6.00");
		assertThat(this.adjustments.refundTopUp("alice", "cs_1", new BigDecimal("4.00"), false, action("topup-refund-1")))
			.as("replayed")
			.satisfies((replay) -> {
				assertThat(replay.replayed()).isTrue();
				assertThat(replay.id()).isEqualTo(refund.id());
			});
		assertThat(this.provider.requests).hasSize(1);
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InvalidRequestException.class).as("more than is left")
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", "cs_1", new BigDecimal("6.01"), false, action("r2")));
		assertThatExceptionOfType(InvalidRequestException.class).as("too precise for USD")
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", "cs_1", new BigDecimal("1.001"), false, action("r3")));
		assertThat(rowCounts().since(before)).isEmpty();
		TopUpRefund rest = this.adjustments.refundTopUp("alice", "cs_1", null, false, action("r4"));
		assertThat(rest.amount()).isEqualByComparingTo("6.00");
		assertUsd("alice", "0", "0", "0");
		assertThatExceptionOfType(InvalidRequestException.class).as("nothing left")
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", "cs_1", null, false, action("r5")));
		assertThat(this.adjustments.topUpRefunds("alice", PageRequest.of(0, 10)).items()).hasSize(2);
		assertInvariants();
	}

	@Test
	void topUpRefundNeedsTheWalletToHoldItUnlessTheOperatorAcceptsAnOverdraft() {
		paidTopUp("alice", "cs_1", "pi_1", "1.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 2));
		assertUsd("alice", "0.50", "0", "0.50");
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", "cs_1", null, false, action("r1")));
		assertThat(rowCounts().since(before)).isEmpty();
		assertThat(this.provider.requests).isEmpty();
		TopUpRefund refund = this.adjustments.refundTopUp("alice", "cs_1", null, true, action("r2"));
		assertThat(refund.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(refund.overdraftLimit()).isEqualByComparingTo("0.50");
		assertUsd("alice", "-0.50", "0", "-0.50");
		assertInvariants();
	}

	@Test
	void aRefusedTopUpRefundGivesBackTheKindsOfValueItTookAndLowersTheOverdraftLimitAgain() {
		paidTopUp("alice", "cs_1", "pi_1", "1.00");
		this.ledger.grant("alice", GrantRequest.promotional(USD, "0.50"));
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 4));
		assertUsd("alice", "0.50", "0", "0.50");
		assertThat(remaining("alice", GrantPurpose.PAID)).isEqualByComparingTo("0.50");
		this.provider.refuse = "Your card was declined.";
		TopUpRefund refund = this.adjustments.refundTopUp("alice", "cs_1", null, true, action("r1"));
		assertThat(refund.status()).isEqualTo(TopUpRefund.Status.FAILED);
		assertUsd("alice", "0.50", "0", "0.50");
		assertThat(remaining("alice", GrantPurpose.PAID)).isEqualByComparingTo("0.50");
		assertThat(queryNumber("SELECT overdraft_limit FROM credyt_account WHERE asset = 'USD'")).isZero();
		assertInvariants();
		this.provider.refuse = null;
		this.ledger.grant("alice", GrantRequest.promotional(USD, "1.00"));
		TopUpRefund taken = this.adjustments.refundTopUp("alice", "cs_1", new BigDecimal("1.00"), false, action("r2"));
		assertThat(taken.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(remaining("alice", GrantPurpose.PAID)).as("paid value goes first").isZero();
		assertThat(remaining("alice", GrantPurpose.PROMOTIONAL)).isEqualByComparingTo("0.50");
		assertInvariants();
	}

	@Test
	void aRefusedTopUpRefundGivesTheWalletItsMoneyBack() {
		paidTopUp("alice", "cs_1", "pi_1", "5.00");
		this.provider.refuse = "Charge pi_1 has been refunded already.";
		TopUpRefund refund = this.adjustments.refundTopUp("alice", "cs_1", null, false, action("r1"));
		assertThat(refund.status()).isEqualTo(TopUpRefund.Status.FAILED);
		assertThat(refund.failureReason()).isEqualTo("Charge pi_1 has been refunded already.");
		assertUsd("alice", "5.00", "0", "5.00");
		assertThat(this.adjustments.refundable("alice", "cs_1")).isEqualByComparingTo("5.00");
		assertInvariants();
	}

	@Test
	void aTopUpRefundTheProviderDidNotAnswerResumesWhenSentAgain() {
		paidTopUp("alice", "cs_1", "pi_1", "5.00");
		this.provider.unreachable = true;
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", "cs_1", null, false, action("r1")));
		assertUsd("alice", "0", "0", "0");
		assertThat(this.adjustments.topUpRefunds("alice", PageRequest.of(0, 10)).items()).singleElement()
			.satisfies((pending) -> assertThat(pending.status()).isEqualTo(TopUpRefund.Status.PENDING));
		this.provider.unreachable = false;
		TopUpRefund refund = this.adjustments.refundTopUp("alice", "cs_1", null, false, action("r1"));
		assertThat(refund.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(this.provider.requests).hasSize(2)
			.extracting(RefundRequest::idempotencyKey)
			.containsOnly("credyt-refund-" + refund.id());
		assertUsd("alice", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void onlyTheCustomersOwnPaidTopUpsAreRefunded() {
		paidTopUp("bob", "cs_bob", "pi_bob", "5.00");
		this.ledger.customer("alice");
		this.payments.started(new PaymentRecord("cs_pending", "alice", PaymentKind.CHECKOUT, "stand-in",
				PaymentStatus.PENDING, new BigDecimal("5.00"), USD, null, null, START, START));
		RowCounts before = rowCounts();
		assertThatExceptionOfType(UnknownPaymentException.class)
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", "cs_bob", null, false, action("r1")));
		assertThatExceptionOfType(UnknownPaymentException.class)
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", "cs_pending", null, false, action("r2")));
		assertThatExceptionOfType(UnknownPaymentException.class)
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", "cs_none", null, false, action("r3")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.adjustments.refundTopUp("bob", "cs_bob", new BigDecimal("-1"), false, action("r4")));
		assertThat(rowCounts().since(before)).isEmpty();
	}

	private void paidTopUp(String customer, String sessionId, String paymentReference, String amount) {
		this.ledger.topUp(customer, new TopUpRequest(paymentReference, new BigDecimal(amount), USD, USD, null));
		this.payments.settled(new PaymentRecord(sessionId, customer, PaymentKind.CHECKOUT, "stand-in",
				PaymentStatus.SUCCEEDED, new BigDecimal(amount), USD, paymentReference, null, START, START));
	}

	private BigDecimal remaining(String customer, GrantPurpose purpose) {
		return this.ledger.grants(customer)
			.stream()
			.filter((grant) -> grant.purpose() == purpose)
			.map(CreditGrant::remaining)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	private BigDecimal used(String customer) {
		return this.ledger.balance(customer)
			.entitlements()
			.stream()
			.map(Entitlement::used)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/** A payment provider that answers refunds as a test says. */
	static final class StandInProvider implements PaymentProvider {

		final List<RefundRequest> requests = new CopyOnWriteArrayList<>();

		volatile @Nullable String refuse;

		volatile boolean unreachable;

		@Override
		public String name() {
			return "stand-in";
		}

		@Override
		public boolean live() {
			return false;
		}

		@Override
		public io.credyt.payment.Checkout startCheckout(io.credyt.payment.CheckoutRequest request) {
			throw new UnsupportedOperationException();
		}

		@Override
		public java.util.Optional<io.credyt.payment.PaymentOutcome> outcome(String sessionId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public io.credyt.payment.PaymentOutcome chargeOffSession(io.credyt.payment.OffSessionCharge charge) {
			throw new UnsupportedOperationException();
		}

		@Override
		public RefundOutcome refund(RefundRequest request) {
			this.requests.add(request);
			if (this.unreachable) {
				throw new IllegalStateException("the provider did not answer");
			}
			String refused = this.refuse;
			return (refused != null) ? RefundOutcome.failed(refused) : RefundOutcome.succeeded("re_" + this.requests.size());
		}

	}

}

package io.credyt.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.InvalidRequestException;
import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.testing.Concurrently;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Top-ups remember their payments: a started checkout is pending, a paid one succeeded once
 * credited (however often and from however many threads it is completed), a declined one failed
 * with the provider's reason, and cards saved at a checkout are known for auto top-up.
 */
abstract class PaymentRecordBehaviourTests extends LedgerTestSupport {

	private static final String SUCCESS_URL = "/billing?topped-up";

	private static final String CANCEL_URL = "/billing";

	private TestPaymentProvider provider;

	private CountingPaymentProvider counting;

	private JdbcPaymentStore store;

	private TopUps topUps;

	PaymentRecordBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void createTopUps() {
		this.provider = new TestPaymentProvider("/billing/test-checkout");
		this.counting = new CountingPaymentProvider(this.provider);
		this.store = new JdbcPaymentStore(this.dataSource, this.clock);
		this.topUps = new TopUps(this.ledger, this.counting, TopUpPolicy.of(USD, USD, "5.00", "500.00", "10", "25"),
				this.store);
	}

	@Test
	void startedCheckoutIsAPendingPayment() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("10.00"), SUCCESS_URL, CANCEL_URL, false);

		PaymentRecord payment = this.store.find(checkout.sessionId()).orElseThrow();
		assertThat(payment.customer()).isEqualTo("alice");
		assertThat(payment.kind()).isEqualTo(PaymentKind.CHECKOUT);
		assertThat(payment.provider()).isEqualTo("test");
		assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
		assertThat(payment.amount()).isEqualByComparingTo("10.00");
		assertThat(payment.currency()).isEqualTo(USD);
		assertThat(this.topUps.store()).isSameAs(this.store);
	}

	@Test
	void aFormSubmittedTwiceStartsOneCheckout() {
		Checkout first = this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, false, "form-1");
		Checkout again = this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, false, "form-1");

		assertThat(again).isEqualTo(first);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_payment")).isEqualTo(1);
		Checkout other = this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, false, "form-2");
		assertThat(other.sessionId()).isNotEqualTo(first.sessionId());
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_payment")).isEqualTo(2);
	}

	@Test
	void aMissingIdempotencyKeyStartsNothing() {
		RowCounts before = rowCounts();

		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, false, " "))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("idempotencyKey"));

		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.counting.checkouts()).isZero();
	}

	@Test
	void paymentCompletedConcurrentlyIsOneSucceededPaymentAndOneCredit() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("25"), SUCCESS_URL, CANCEL_URL, false);
		PaymentOutcome paid = this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);
		this.clock.advance(Duration.ofMinutes(2));

		List<Concurrently.Outcome<TopUpResult>> outcomes = Concurrently.run(32, 128,
				(i) -> () -> this.topUps.complete(checkout.sessionId()));
		this.topUps.complete(checkout.sessionId());

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		PaymentRecord payment = this.store.find(checkout.sessionId()).orElseThrow();
		assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(payment.paymentReference()).isEqualTo(paid.paymentReference());
		assertThat(payment.updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_payment")).isEqualTo(1);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_grant WHERE purpose = ?", GrantPurpose.PAID.name()))
			.isEqualTo(1);
		assertUsd("alice", "25", "0", "25");
		assertInvariants();
	}

	@Test
	void declinedPaymentIsFailedWithTheReasonAndCreditsNothing() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, false);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.DECLINED, false);

		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.complete(checkout.sessionId()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(TestPaymentProvider.DECLINED_REASON));

		PaymentRecord payment = this.store.find(checkout.sessionId()).orElseThrow();
		assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(payment.failureReason()).isEqualTo("Your card was declined.");
		assertThat(payment.paymentReference()).isNull();
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_grant")).isZero();
		assertThat(this.ledger.balance("alice").available(USD)).isEqualByComparingTo("0");
		assertInvariants();
	}

	@Test
	void aVerifiedFailureNoticeRecordsTheFailureButCannotUndoASuccess() {
		Checkout failing = this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, false);
		PaymentRecord failed = this.topUps.failed(new PaymentOutcome(failing.sessionId(), "alice", PaymentStatus.FAILED,
				null, new BigDecimal("10"), USD, null, "The bank debit was returned."));

		assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(failed.failureReason()).isEqualTo("The bank debit was returned.");
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_grant")).isZero();

		Checkout paid = this.topUps.start("alice", new BigDecimal("25"), SUCCESS_URL, CANCEL_URL, false);
		this.provider.pay(paid.sessionId(), TestPaymentProvider.SUCCEEDS, false);
		this.topUps.complete(paid.sessionId());
		PaymentRecord after = this.topUps.failed(new PaymentOutcome(paid.sessionId(), "alice", PaymentStatus.FAILED,
				null, new BigDecimal("25"), USD, null, "late notice"));
		assertThat(after.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertUsd("alice", "25", "0", "25");
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> this.topUps.failed(new PaymentOutcome(
				"cs_x", "alice", PaymentStatus.SUCCEEDED, "pi_x", new BigDecimal("5"), USD, null, null)));
		assertThat(rowCounts()).isEqualTo(before);
		assertInvariants();
	}

	@Test
	void aLaterFailureReportCannotUndoASucceededPayment() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, false);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);
		TopUpResult credited = this.topUps.complete(checkout.sessionId());
		RowCounts before = rowCounts();

		// a stale webhook, or another instance that asked the provider before the payment went through
		PaymentRecord after = this.store.settled(new PaymentRecord(checkout.sessionId(), "alice", PaymentKind.CHECKOUT,
				"test", PaymentStatus.FAILED, new BigDecimal("10"), USD, null, "Your card was declined.",
				this.clock.instant(), this.clock.instant()));

		assertThat(after.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(after.paymentReference()).isEqualTo(credited.paymentReference());
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("alice", "10", "0", "10");
	}

	@Test
	void aDeclinedThenPaidCheckoutEndsSucceededAndCreditedOnce() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, false);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.DECLINED, false);
		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.complete(checkout.sessionId()));

		this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);
		this.topUps.complete(checkout.sessionId());
		this.topUps.complete(checkout.sessionId());

		PaymentRecord payment = this.store.find(checkout.sessionId()).orElseThrow();
		assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(payment.failureReason()).isNull();
		assertUsd("alice", "10", "0", "10");
		assertInvariants();
	}

	@Test
	void aCardSavedAtACheckoutIsRemembered() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, true);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, true);

		this.topUps.complete(checkout.sessionId());
		this.topUps.complete(checkout.sessionId());

		assertThat(this.store.paymentMethods("alice")).containsExactly("test_pm_4242");
		assertThat(this.store.paymentMethods("bob")).isEmpty();
	}

	@Test
	void aDecliningCardSavedAtACheckoutIsRememberedToo() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, true);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.DECLINED, true);

		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.complete(checkout.sessionId()));

		assertThat(this.store.paymentMethods("alice")).containsExactly("test_pm_0002");
	}

	@Test
	void anUnpaidCheckoutStaysPending() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, false);
		RowCounts before = rowCounts();

		assertThat(this.topUps.complete(checkout.sessionId()).status()).isEqualTo(PaymentStatus.PENDING);

		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.store.find(checkout.sessionId()).orElseThrow().status()).isEqualTo(PaymentStatus.PENDING);
	}

	@Test
	void anOffSessionChargeIsRememberedUnderItsIdempotencyKey() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS);

		TopUpResult result = this.topUps.chargeSaved("alice", card, new BigDecimal("25"), "auto-1");
		this.topUps.chargeSaved("alice", card, new BigDecimal("25"), "auto-1");

		PaymentRecord payment = this.store.find("auto-1").orElseThrow();
		assertThat(payment.kind()).isEqualTo(PaymentKind.AUTO_TOP_UP);
		assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(payment.amount()).isEqualByComparingTo("25");
		assertThat(payment.paymentReference()).isEqualTo(result.paymentReference());
		assertUsd("alice", "35", "0", "35");
		assertInvariants();
	}

	@Test
	void aDeclinedOffSessionChargeIsFailedWithTheReason() {
		String card = saveCard("alice", TestPaymentProvider.DECLINED);

		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.chargeSaved("alice", card, new BigDecimal("25"), "auto-1"));

		PaymentRecord payment = this.store.find("auto-1").orElseThrow();
		assertThat(payment.kind()).isEqualTo(PaymentKind.AUTO_TOP_UP);
		assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(payment.failureReason()).isEqualTo(TestPaymentProvider.DECLINED_REASON);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_grant")).isZero();
	}

	@Test
	void chargingAnotherCustomersCardSavesNoCardForTheCharger() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS);

		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.chargeSaved("bob", card, new BigDecimal("25"), "auto-bob"));

		assertThat(this.store.paymentMethods("bob")).isEmpty();
		assertThat(this.store.find("auto-bob").orElseThrow().status()).isEqualTo(PaymentStatus.FAILED);
	}

	@Test
	void paymentsAreListedNewestFirst() {
		for (int i = 0; i < 4; i++) {
			this.topUps.start("alice", new BigDecimal("10"), SUCCESS_URL, CANCEL_URL, false, "alice-" + i);
			this.clock.advance(Duration.ofMinutes(1));
		}
		String card = saveCard("bob", TestPaymentProvider.SUCCEEDS);
		this.clock.advance(Duration.ofMinutes(1));
		this.topUps.chargeSaved("bob", card, new BigDecimal("25"), "auto-bob");

		Page<PaymentRecord> alice = this.store.payments("alice", PageRequest.of(0, 3));
		assertThat(alice.total()).isEqualTo(4);
		assertThat(alice.items()).hasSize(3).allSatisfy((payment) -> assertThat(payment.customer()).isEqualTo("alice"));
		assertThat(alice.items().get(0).createdAt()).isAfter(alice.items().get(1).createdAt());
		Page<PaymentRecord> everyone = this.store.payments(null, PageRequest.of(0, 10));
		assertThat(everyone.total()).isEqualTo(6);
		assertThat(everyone.items().get(0).id()).isEqualTo("auto-bob");
		assertThat(everyone.items().get(0).kind()).isEqualTo(PaymentKind.AUTO_TOP_UP);
	}

	@Test
	void refusedAmountsWriteNoPayment() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS);
		RowCounts before = rowCounts();

		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.topUps.start("alice", new BigDecimal("4.99"), SUCCESS_URL, CANCEL_URL, false));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.topUps.chargeSaved("alice", card, new BigDecimal("501"), "auto-1"));

		assertThat(rowCounts()).isEqualTo(before);
	}

	private String saveCard(String customer, String cardNumber) {
		return SavedCards.save(this.topUps, this.provider, customer, cardNumber, "10.00");
	}

}

package io.credyt.payment;

import java.math.BigDecimal;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.jdbc.JdbcTestCheckoutStore;
import io.credyt.ledger.Ledger;
import io.credyt.testing.Concurrently;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test payment provider on two application instances (two ledgers and two providers, each on
 * its own connection pool, one database): a checkout started on one is paid and completed on the
 * other and credited once, a card saved on one is charged by the other, and a session paid on
 * both at once stays paid once.
 */
abstract class TestCheckoutInstancesBehaviourTests extends LedgerTestSupport {

	private static final TopUpPolicy POLICY = TopUpPolicy.of(USD, USD, "5.00", "500.00", "10", "25");

	private TestPaymentProvider firstProvider;

	private TopUps first;

	private TestPaymentProvider secondProvider;

	private TopUps second;

	TestCheckoutInstancesBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void startTwoInstances() {
		this.firstProvider = provider(this.dataSource);
		this.first = new TopUps(this.ledger, this.firstProvider, POLICY, new JdbcPaymentStore(this.dataSource, this.clock));
		DataSource otherPool = anotherPool();
		Ledger otherLedger = newLedger(otherPool);
		this.secondProvider = provider(otherPool);
		this.second = new TopUps(otherLedger, this.secondProvider, POLICY, new JdbcPaymentStore(otherPool, this.clock));
	}

	@Test
	void checkoutStartedOnOneInstanceIsPaidAndCreditedOnTheOther() {
		Checkout checkout = this.first.start("alice", new BigDecimal("25.00"), "/done", "/cancel", false);

		assertThat(this.secondProvider.checkout(checkout.sessionId()).amount()).isEqualByComparingTo("25.00");
		PaymentOutcome paid = this.secondProvider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);
		TopUpResult credited = this.second.complete(checkout.sessionId());
		TopUpResult again = this.first.complete(checkout.sessionId());

		assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(credited.isCredited()).isTrue();
		assertThat(again.topUp().grant().id()).isEqualTo(credited.topUp().grant().id());
		assertThat(this.first.provider().outcome(checkout.sessionId())).get()
			.extracting(PaymentOutcome::paymentReference)
			.isEqualTo(paid.paymentReference());
		assertUsd("alice", "25.00", "0", "25.00");
		assertInvariants();
	}

	@Test
	void whatACheckoutIsForIsShownOnEveryInstance() {
		Checkout checkout = this.firstProvider.startCheckout(new CheckoutRequest("alice", new BigDecimal("20.00"), USD,
				"/done", "/cancel", true, "sub-1", "Pro subscription, $20.00 a month"));
		assertThat(this.secondProvider.checkout(checkout.sessionId()).description())
			.isEqualTo("Pro subscription, $20.00 a month");
		Checkout topUp = this.first.start("alice", new BigDecimal("10"), "/done", "/cancel", false);
		assertThat(this.secondProvider.checkout(topUp.sessionId()).description()).isNull();
	}

	@Test
	void declinedCardOnOneInstanceIsSeenOnTheOtherAndAnotherCardStillPays() {
		Checkout checkout = this.first.start("alice", new BigDecimal("10"), "/done", "/cancel", false);
		this.secondProvider.pay(checkout.sessionId(), TestPaymentProvider.DECLINED, false);

		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.first.complete(checkout.sessionId()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(TestPaymentProvider.DECLINED_REASON));
		this.firstProvider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);
		assertThat(this.second.complete(checkout.sessionId()).isCredited()).isTrue();
		assertUsd("alice", "10", "0", "10");
	}

	@Test
	void startingTheSameCheckoutOnBothInstancesMakesOneSession() {
		Checkout one = this.first.start("alice", new BigDecimal("10"), "/done", "/cancel", false, "form-1");
		Checkout other = this.second.start("alice", new BigDecimal("10"), "/done", "/cancel", false, "form-1");

		assertThat(other.sessionId()).isEqualTo(one.sessionId());
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_test_checkout")).isEqualTo(1);
	}

	@Test
	void cardSavedOnOneInstanceIsChargedByTheOther() {
		String card = SavedCards.save(this.first, this.firstProvider, "alice", TestPaymentProvider.SUCCEEDS, "10");

		assertThat(this.secondProvider.savedPaymentMethods("alice")).containsExactly(card);
		TopUpResult charged = this.second.chargeSaved("alice", card, new BigDecimal("25"), "auto-1");
		TopUpResult retriedElsewhere = this.first.chargeSaved("alice", card, new BigDecimal("25"), "auto-1");

		assertThat(charged.isCredited()).isTrue();
		assertThat(retriedElsewhere.paymentReference()).isEqualTo(charged.paymentReference());
		assertUsd("alice", "35", "0", "35");
		assertInvariants();
	}

	@Test
	void sessionPaidOnBothInstancesAtOnceIsPaidOnce() {
		Checkout checkout = this.first.start("alice", new BigDecimal("50"), "/done", "/cancel", false);

		List<Concurrently.Outcome<PaymentOutcome>> outcomes = Concurrently.run(8, 8 * 4,
				(i) -> () -> ((i % 2 == 0) ? this.firstProvider : this.secondProvider).pay(checkout.sessionId(),
						TestPaymentProvider.SUCCEEDS, false));

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(outcomes.stream().map((outcome) -> outcome.value().paymentReference()).distinct()).hasSize(1);
		assertThat(this.second.complete(checkout.sessionId()).isCredited()).isTrue();
		assertThat(this.first.complete(checkout.sessionId()).isCredited()).isTrue();
		assertUsd("alice", "50", "0", "50");
		assertInvariants();
	}

	private TestPaymentProvider provider(DataSource dataSource) {
		return TestPaymentProvider.forMode(false, "/billing/test-checkout",
				new JdbcTestCheckoutStore(dataSource, this.clock));
	}

}

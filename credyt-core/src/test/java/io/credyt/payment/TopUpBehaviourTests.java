package io.credyt.payment;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.credyt.InvalidRequestException;
import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.ledger.GrantPurpose;
import io.credyt.testing.Concurrently;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.CREDITS;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Top-ups through the test payment provider: a successful payment is credited exactly once
 * however often it is completed, a failed one credits nothing and says why, a refused amount
 * starts nothing and writes nothing, and saved cards top up once per idempotency key.
 */
abstract class TopUpBehaviourTests extends LedgerTestSupport {

	private static final String SUCCESS_URL = "/billing?topped-up";

	private static final String CANCEL_URL = "/billing";

	private TestPaymentProvider provider;

	private CountingPaymentProvider counting;

	private TopUps topUps;

	TopUpBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void createTopUps() {
		this.provider = new TestPaymentProvider("/billing/test-checkout");
		this.counting = new CountingPaymentProvider(this.provider);
		this.topUps = new TopUps(this.ledger, this.counting, TopUpPolicy.of(USD, USD, "5.00", "500.00", "10", "25"));
	}

	@Test
	void succeededPaymentIsCreditedExactlyOnceWhenCompletedConcurrently() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("5.00"), SUCCESS_URL, CANCEL_URL, false);
		PaymentOutcome paid = this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);
		assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(paid.paymentReference()).startsWith("test_pi_");

		List<Concurrently.Outcome<TopUpResult>> outcomes = Concurrently.run(32, 10 * 32,
				(i) -> () -> this.topUps.complete(checkout.sessionId()));

		assertThat(outcomes).allSatisfy((outcome) -> {
			assertThat(outcome.error()).isNull();
			assertThat(outcome.value().isCredited()).isTrue();
			assertThat(outcome.value().paymentReference()).isEqualTo(paid.paymentReference());
		});
		assertThat(outcomes.stream().map((outcome) -> outcome.value().topUp().grant().id()).distinct()).hasSize(1);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_grant WHERE purpose = ?", GrantPurpose.PAID.name()))
			.isEqualTo(1);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_grant WHERE reference = ?", paid.paymentReference()))
			.isEqualTo(1);
		assertUsd("alice", "5.00", "0", "5.00");
		assertInvariants();
	}

	@Test
	void aCheckoutTheStoreRecordsAsASubscriptionsIsRefusedAndCreditsNothing() {
		PaymentStore store = new JdbcPaymentStore(this.dataSource, this.clock);
		TopUps topUps = new TopUps(this.ledger, this.provider, TopUpPolicy.of(USD, USD, "5.00", "500.00", "10", "25"),
				store);
		// a plan's first fee, started at a checkout the way Subscriptions.startCheckout starts it
		Checkout checkout = this.provider.startCheckout(new CheckoutRequest("alice", new BigDecimal("20.00"), USD,
				SUCCESS_URL, CANCEL_URL, true, "alice-pro"));
		store.started(new PaymentRecord(checkout.sessionId(), "alice", PaymentKind.SUBSCRIPTION, "test",
				PaymentStatus.PENDING, new BigDecimal("20.00"), USD, null, null, START, START));
		assertThat(this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, true).status())
			.isEqualTo(PaymentStatus.SUCCEEDED);

		assertThatExceptionOfType(UnknownCheckoutSessionException.class)
			.isThrownBy(() -> topUps.complete(checkout.sessionId()));

		assertThat(queryCount("SELECT COUNT(*) FROM credyt_grant WHERE purpose = ?", GrantPurpose.PAID.name()))
			.isZero();
		assertThat(store.find(checkout.sessionId())).get().satisfies((payment) -> {
			assertThat(payment.kind()).isEqualTo(PaymentKind.SUBSCRIPTION);
			assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
		});
		assertThat(this.ledger.balance("alice").available(USD)).isZero();
	}

	@Test
	void completingAgainLaterReturnsTheSameCreditWithoutWriting() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("25"), SUCCESS_URL, CANCEL_URL, false);
		this.provider.pay(checkout.sessionId(), "4242424242424242", false);
		TopUpResult first = this.topUps.complete(checkout.sessionId());
		RowCounts before = rowCounts();

		TopUpResult again = this.topUps.complete(checkout.sessionId());

		assertThat(again.topUp().grant()).isEqualTo(first.topUp().grant());
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("alice", "25", "0", "25");
	}

	@Test
	void declinedCardCreditsNothingAndSaysWhy() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("5.00"), SUCCESS_URL, CANCEL_URL, false);
		PaymentOutcome outcome = this.provider.pay(checkout.sessionId(), TestPaymentProvider.DECLINED, false);
		assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
		RowCounts before = rowCounts();

		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.complete(checkout.sessionId()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("Your card was declined."))
			.withMessageContaining("Your card was declined.");

		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.balance("alice").available(USD)).isEqualByComparingTo("0");
		assertInvariants();
	}

	@Test
	void insufficientFundsCreditsNothingAndSaysWhy() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("5.00"), SUCCESS_URL, CANCEL_URL, false);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.INSUFFICIENT_FUNDS, false);
		RowCounts before = rowCounts();

		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.complete(checkout.sessionId()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("Your card has insufficient funds."));

		assertThat(rowCounts()).isEqualTo(before);
		assertInvariants();
	}

	@Test
	void invalidCardNumberCreditsNothingAndSaysWhy() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("5.00"), SUCCESS_URL, CANCEL_URL, true);
		this.provider.pay(checkout.sessionId(), "1234 5678", true);
		RowCounts before = rowCounts();

		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.complete(checkout.sessionId()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("Your card number is invalid."));

		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.provider.savedPaymentMethods("alice")).isEmpty();
	}

	@Test
	void retryingWithAGoodCardAfterADeclineCreditsOnce() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("5.00"), SUCCESS_URL, CANCEL_URL, false);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.DECLINED, false);
		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.complete(checkout.sessionId()));

		this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);
		this.topUps.complete(checkout.sessionId());
		this.topUps.complete(checkout.sessionId());

		assertUsd("alice", "5.00", "0", "5.00");
		assertInvariants();
	}

	@Test
	void unpaidCheckoutIsPendingAndCreditsNothing() {
		Checkout checkout = this.topUps.start("alice", new BigDecimal("5.00"), SUCCESS_URL, CANCEL_URL, false);
		RowCounts before = rowCounts();

		TopUpResult result = this.topUps.complete(checkout.sessionId());

		assertThat(result.status()).isEqualTo(PaymentStatus.PENDING);
		assertThat(result.isCredited()).isFalse();
		assertThat(result.paymentReference()).isNull();
		assertThat(rowCounts()).isEqualTo(before);
	}

	@Test
	void unknownSessionIsRefusedAndCreditsNothing() {
		RowCounts before = rowCounts();

		assertThatExceptionOfType(UnknownCheckoutSessionException.class)
			.isThrownBy(() -> this.topUps.complete("test_cs_nope"))
			.satisfies((ex) -> assertThat(ex.sessionId()).isEqualTo("test_cs_nope"));

		assertThat(rowCounts()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "4.99", "500.01", "0", "-5", "5.001", "10.000001" })
	void refusedAmountStartsNoSessionAndWritesNothing(String amount) {
		RowCounts before = rowCounts();

		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.topUps.start("alice", new BigDecimal(amount), SUCCESS_URL, CANCEL_URL, false))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("amount"));

		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.counting.checkouts()).isZero();
		assertThat(this.ledger.findCustomer("alice")).isEmpty();
	}

	@Test
	void customAssetIsCreditedAtItsRate() {
		TopUps credits = new TopUps(this.ledger, this.provider, TopUpPolicy.of(CREDITS, USD, "5.00", "500.00"));
		Checkout checkout = credits.start("alice", new BigDecimal("5.00"), SUCCESS_URL, CANCEL_URL, false);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);

		TopUpResult result = credits.complete(checkout.sessionId());

		assertThat(result.paid()).isEqualByComparingTo("5.00");
		assertThat(result.topUp().grant().asset()).isEqualTo(CREDITS);
		assertThat(result.topUp().grant().purpose()).isEqualTo(GrantPurpose.PAID);
		assertThat(result.topUp().grant().amount()).isEqualByComparingTo("500");
		assertAccount("alice", CREDITS, "500", "0", "500");
		assertThat(this.ledger.balance("alice").accounts().get(USD)).satisfiesAnyOf(
				(usd) -> assertThat(usd).isNull(), (usd) -> assertThat(usd.posted()).isEqualByComparingTo("0"));
		assertInvariants();
	}

	@Test
	void savedCardIsChargedOffSessionAndCreditedOncePerIdempotencyKey() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS);
		assertThat(card).isEqualTo("test_pm_4242");

		List<Concurrently.Outcome<TopUpResult>> outcomes = Concurrently.run(32, 64,
				(i) -> () -> this.topUps.chargeSaved("alice", card, new BigDecimal("10"), "auto-" + (i % 2)));

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(outcomes.stream().map((outcome) -> outcome.value().paymentReference()).distinct()).hasSize(2);
		// the first checkout (5.00) plus one 10.00 charge per idempotency key
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_grant WHERE purpose = ?", GrantPurpose.PAID.name()))
			.isEqualTo(3);
		assertUsd("alice", "25.00", "0", "25.00");
		assertInvariants();
	}

	@Test
	void savedDecliningCardFailsOffSessionAndCreditsNothing() {
		String declining = saveCard("alice", TestPaymentProvider.DECLINED);
		String broke = saveCard("alice", TestPaymentProvider.INSUFFICIENT_FUNDS);
		assertThat(this.provider.savedPaymentMethods("alice")).containsExactly("test_pm_0002", "test_pm_9995");
		RowCounts before = rowCounts();

		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.chargeSaved("alice", declining, new BigDecimal("10"), "auto-1"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("Your card was declined."));
		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.chargeSaved("alice", broke, new BigDecimal("10"), "auto-2"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("Your card has insufficient funds."));

		assertThat(rowCounts()).isEqualTo(before);
		assertInvariants();
	}

	@Test
	void cardSavedByAnotherCustomerCannotBeCharged() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS);
		RowCounts before = rowCounts();

		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.topUps.chargeSaved("bob", card, new BigDecimal("10"), "auto-bob"));

		assertThat(rowCounts()).isEqualTo(before);
	}

	@Test
	void refusedOffSessionAmountChargesNothing() {
		String card = saveCard("alice", TestPaymentProvider.SUCCEEDS);
		RowCounts before = rowCounts();

		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.topUps.chargeSaved("alice", card, new BigDecimal("1000"), "auto-1"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("amount"));

		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.counting.charges()).isZero();
		this.topUps.chargeSaved("alice", card, new BigDecimal("10"), "auto-1");
		assertUsd("alice", "15.00", "0", "15.00");
	}

	/**
	 * Saves a card the way a customer does: a checkout paid with "save card" ticked. A declining
	 * card is saved although its payment fails.
	 */
	private String saveCard(String customer, String cardNumber) {
		Checkout checkout = this.topUps.start(customer, new BigDecimal("5.00"), SUCCESS_URL, CANCEL_URL, true);
		PaymentOutcome outcome = this.provider.pay(checkout.sessionId(), cardNumber, true);
		if (outcome.status() == PaymentStatus.SUCCEEDED) {
			this.topUps.complete(checkout.sessionId());
		}
		return outcome.savedPaymentMethod();
	}

}

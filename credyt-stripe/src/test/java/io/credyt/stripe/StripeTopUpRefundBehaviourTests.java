package io.credyt.stripe;

import java.io.IOException;
import java.math.BigDecimal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.credyt.InvalidRequestException;
import io.credyt.adjust.OperatorAction;
import io.credyt.adjust.TopUpRefund;
import io.credyt.jdbc.JdbcAdjustments;
import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.TopUpRequest;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A Stripe top-up refunded by {@link JdbcAdjustments} through {@link StripePaymentProvider},
 * against {@link FakeStripe}: Stripe is asked to refund the top-up's PaymentIntent in cents under
 * the refund's idempotency key while the wallet gives the money up; a refund Stripe refuses gives
 * the wallet its money back; a refund Stripe could not answer stays pending with the wallet
 * debited, and the operator's same action completes it once Stripe is back.
 */
abstract class StripeTopUpRefundBehaviourTests extends LedgerTestSupport {

	private static final String SESSION = "cs_test_1";

	private static final String PAYMENT_INTENT = "pi_3Kz1";

	private FakeStripe stripe;

	private JdbcPaymentStore payments;

	private JdbcAdjustments adjustments;

	StripeTopUpRefundBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void startStripe() throws IOException {
		this.stripe = new FakeStripe();
		StripePaymentProvider provider = new StripePaymentProvider(this.stripe.client(), false,
				new InMemoryStripeCustomerMapping());
		this.payments = new JdbcPaymentStore(this.dataSource, this.clock);
		this.adjustments = new JdbcAdjustments(this.dataSource, new DataSourceTransactionManager(this.dataSource),
				TestCatalog.catalog(), options(), this.clock, LedgerEventListener.NONE, this.payments, provider);
	}

	@AfterEach
	void stopStripe() {
		this.stripe.close();
	}

	@Test
	void refundAsksStripeForThePaymentIntentInCentsUnderTheRefundsKeyAndDebitsTheWallet() {
		paidTopUp("alice", "10.00");

		TopUpRefund part = this.adjustments.refundTopUp("alice", SESSION, new BigDecimal("2.50"), false,
				action("refund-part"));

		assertThat(part.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(part.providerReference()).isEqualTo("re_fake_1");
		assertThat(part.debited()).isEqualByComparingTo("2.50");
		FakeStripe.Request request = this.stripe.onlyRequestTo("POST", "/v1/refunds");
		assertThat(request.form()).containsEntry("payment_intent", PAYMENT_INTENT)
			.containsEntry("amount", "250")
			.containsEntry("metadata[credyt_customer]", "alice");
		assertThat(request.header("Idempotency-Key")).isEqualTo("credyt-refund-" + part.id());
		assertUsd("alice", "7.50", "0", "7.50");

		TopUpRefund replayed = this.adjustments.refundTopUp("alice", SESSION, new BigDecimal("2.50"), false,
				action("refund-part"));

		assertThat(replayed.replayed()).isTrue();
		assertThat(replayed.providerReference()).isEqualTo("re_fake_1");
		assertThat(this.stripe.requests()).as("Stripe is not asked again").hasSize(1);

		TopUpRefund rest = this.adjustments.refundTopUp("alice", SESSION, null, false, action("refund-rest"));

		assertThat(rest.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(rest.providerReference()).isEqualTo("re_fake_2");
		assertThat(this.stripe.refunds()).extracting(FakeStripe.Refund::paymentIntent, FakeStripe.Refund::amount,
				FakeStripe.Refund::idempotencyKey)
			.containsExactly(tuple(PAYMENT_INTENT, 250L, "credyt-refund-" + part.id()),
					tuple(PAYMENT_INTENT, 750L, "credyt-refund-" + rest.id()));
		assertUsd("alice", "0", "0", "0");
		assertThat(this.adjustments.refundable("alice", SESSION)).isEqualByComparingTo("0");
		assertInvariants();
	}

	@Test
	void refundStripeRefusesFailsWithStripesMessageAndGivesTheWalletItsMoneyBack() {
		paidTopUp("alice", "10.00");
		this.stripe.refuseRefunds(400, "invalid_request_error", "charge_already_refunded",
				"Charge ch_1 has already been refunded.");

		TopUpRefund refund = this.adjustments.refundTopUp("alice", SESSION, new BigDecimal("4.00"), false,
				action("refund-1"));

		assertThat(refund.status()).isEqualTo(TopUpRefund.Status.FAILED);
		assertThat(refund.failureReason()).isEqualTo("Charge ch_1 has already been refunded.");
		assertThat(refund.providerReference()).isNull();
		assertThat(this.stripe.refunds()).isEmpty();
		assertUsd("alice", "10.00", "0", "10.00");
		assertThat(this.adjustments.refundable("alice", SESSION)).isEqualByComparingTo("10.00");
		assertThat(this.ledger.adjustments("alice", PageRequest.of(0, 10)).items())
			.extracting(Adjustment::reason, (adjustment) -> adjustment.amount().stripTrailingZeros().toPlainString())
			.containsExactlyInAnyOrder(tuple(AdjustmentReason.TOPUP_REFUND, "-4"),
					tuple(AdjustmentReason.CORRECTION, "4"));

		TopUpRefund replayed = this.adjustments.refundTopUp("alice", SESSION, new BigDecimal("4.00"), false,
				action("refund-1"));

		assertThat(replayed.status()).isEqualTo(TopUpRefund.Status.FAILED);
		assertThat(this.stripe.requests()).as("a failed refund is not asked again").hasSize(1);
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void refundStripeMadeButCouldNotCompleteFailsAndGivesTheWalletItsMoneyBack() {
		paidTopUp("alice", "10.00");
		this.stripe.refundsEnd("failed", "expired_or_canceled_card");

		TopUpRefund refund = this.adjustments.refundTopUp("alice", SESSION, null, false, action("refund-1"));

		assertThat(refund.status()).isEqualTo(TopUpRefund.Status.FAILED);
		assertThat(refund.failureReason()).contains("re_fake_1", "expired_or_canceled_card");
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void refundStripeCouldNotAnswerStaysPendingWithTheWalletDebitedAndTheSameActionCompletesItOnce() {
		paidTopUp("alice", "10.00");
		this.stripe.refundOutage(500);

		assertThatExceptionOfType(StripeApiException.class)
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", SESSION, new BigDecimal("6.00"), false,
					action("refund-1")))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(500));

		TopUpRefund pending = this.adjustments.topUpRefunds("alice", PageRequest.of(0, 10)).items().get(0);
		assertThat(pending.status()).isEqualTo(TopUpRefund.Status.PENDING);
		assertThat(pending.providerReference()).isNull();
		assertUsd("alice", "4.00", "0", "4.00");
		assertThat(this.adjustments.refundable("alice", SESSION)).as("the pending refund counts")
			.isEqualByComparingTo("4.00");
		assertThatExceptionOfType(InvalidRequestException.class).as("another action cannot refund it again")
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", SESSION, new BigDecimal("6.00"), false,
					action("refund-2")));
		assertThatExceptionOfType(StripeApiException.class).as("sent again while Stripe is still down")
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", SESSION, new BigDecimal("6.00"), false,
					action("refund-1")));
		assertUsd("alice", "4.00", "0", "4.00");
		assertThat(this.stripe.refunds()).isEmpty();

		this.stripe.refundOutageEnds();
		TopUpRefund refund = this.adjustments.refundTopUp("alice", SESSION, new BigDecimal("6.00"), false,
				action("refund-1"));

		assertThat(refund.id()).isEqualTo(pending.id());
		assertThat(refund.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(refund.providerReference()).isEqualTo("re_fake_1");
		assertThat(this.stripe.requests()).hasSize(3)
			.allSatisfy((request) -> assertThat(request.header("Idempotency-Key"))
				.isEqualTo("credyt-refund-" + pending.id()));
		assertThat(this.stripe.refunds()).singleElement()
			.satisfies((made) -> assertThat(made.amount()).isEqualTo(600L));
		assertUsd("alice", "4.00", "0", "4.00");

		TopUpRefund again = this.adjustments.refundTopUp("alice", SESSION, new BigDecimal("6.00"), false,
				action("refund-1"));

		assertThat(again.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(again.replayed()).isTrue();
		assertThat(this.stripe.requests()).as("a settled refund is not asked again").hasSize(3);
		assertThat(this.stripe.refunds()).hasSize(1);
		assertUsd("alice", "4.00", "0", "4.00");
		assertInvariants();
	}

	/** A Stripe checkout paid and credited, as {@code TopUps} and the webhook leave it. */
	private void paidTopUp(String customer, String amount) {
		this.ledger.topUp(customer, new TopUpRequest(PAYMENT_INTENT, new BigDecimal(amount), USD, USD, null));
		this.payments.settled(new PaymentRecord(SESSION, customer, PaymentKind.CHECKOUT, "stripe",
				PaymentStatus.SUCCEEDED, new BigDecimal(amount), USD, PAYMENT_INTENT, null, START, START));
	}

	private static OperatorAction action(String key) {
		return new OperatorAction(key, "ops@example.com", "customer asked for their money back");
	}

}

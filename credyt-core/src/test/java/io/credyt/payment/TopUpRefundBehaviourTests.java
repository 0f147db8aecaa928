package io.credyt.payment;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.credyt.InvalidRequestException;
import io.credyt.adjust.OperatorAction;
import io.credyt.adjust.TopUpRefund;
import io.credyt.jdbc.JdbcAdjustments;
import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.PageRequest;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.CREDITS;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A top-up refunded from end to end: paid with the test card through {@link TopUps}, remembered
 * in the {@link JdbcPaymentStore}, then refunded by {@link JdbcAdjustments} through the
 * {@link TestPaymentProvider} that took it. The wallet gives back exactly what the refund is
 * worth, the provider is asked once per refund however often the operator's action is replayed,
 * and nothing more than was paid goes back.
 */
abstract class TopUpRefundBehaviourTests extends LedgerTestSupport {

	private static final String SUCCESS_URL = "/billing?topped-up";

	private static final String CANCEL_URL = "/billing";

	private TestPaymentProvider provider;

	private CountingPaymentProvider counting;

	private JdbcPaymentStore payments;

	private JdbcAdjustments adjustments;

	TopUpRefundBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void createTopUpsAndAdjustments() {
		this.provider = new TestPaymentProvider("/billing/test-checkout");
		this.counting = new CountingPaymentProvider(this.provider);
		this.payments = new JdbcPaymentStore(this.dataSource, this.clock);
		this.adjustments = new JdbcAdjustments(this.dataSource, new DataSourceTransactionManager(this.dataSource),
				TestCatalog.catalog(), options(), this.clock, LedgerEventListener.NONE, this.payments, this.counting);
	}

	@Test
	void aPaidTopUpIsRefundedInPartsThroughTheTestProviderAndEachActionRefundsOnce() {
		TopUps topUps = topUps(USD);
		String sessionId = paidCheckout(topUps, "alice", "25.00");
		assertUsd("alice", "25.00", "0", "25.00");
		this.clock.advance(Duration.ofHours(1));

		TopUpRefund part = this.adjustments.refundTopUp("alice", sessionId, new BigDecimal("10.00"), false,
				action("refund-part"));

		assertThat(part.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(part.providerReference()).startsWith("re_test_");
		assertThat(part.paymentId()).isEqualTo(sessionId);
		assertThat(part.amount()).isEqualByComparingTo("10.00");
		assertThat(part.currency()).isEqualTo(USD);
		assertThat(part.asset()).isEqualTo(USD);
		assertThat(part.debited()).isEqualByComparingTo("10.00");
		assertThat(part.failureReason()).isNull();
		assertThat(part.replayed()).isFalse();
		assertThat(this.counting.refunds()).isEqualTo(1);
		assertUsd("alice", "15.00", "0", "15.00");
		assertThat(this.adjustments.refundable("alice", sessionId)).isEqualByComparingTo("15.00");
		assertThat(this.ledger.adjustments("alice", PageRequest.of(0, 10)).items()).singleElement()
			.satisfies((adjustment) -> {
				assertThat(adjustment.reason()).isEqualTo(AdjustmentReason.TOPUP_REFUND);
				assertThat(adjustment.amount()).isEqualByComparingTo("-10.00");
				assertThat(adjustment.reference()).isEqualTo(sessionId);
				assertThat(adjustment.actor()).isEqualTo("ops@example.com");
			});

		TopUpRefund replayed = this.adjustments.refundTopUp("alice", sessionId, new BigDecimal("10.00"), false,
				action("refund-part"));

		assertThat(replayed.replayed()).isTrue();
		assertThat(replayed.id()).isEqualTo(part.id());
		assertThat(replayed.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(replayed.providerReference()).isEqualTo(part.providerReference());
		assertThat(this.counting.refunds()).as("the provider is not asked again").isEqualTo(1);
		assertUsd("alice", "15.00", "0", "15.00");

		TopUpRefund rest = this.adjustments.refundTopUp("alice", sessionId, null, false, action("refund-rest"));

		assertThat(rest.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(rest.providerReference()).startsWith("re_test_").isNotEqualTo(part.providerReference());
		assertThat(rest.amount()).isEqualByComparingTo("15.00");
		assertThat(rest.debited()).isEqualByComparingTo("15.00");
		assertThat(this.counting.refunds()).isEqualTo(2);
		assertUsd("alice", "0", "0", "0");
		assertThat(this.adjustments.refundable("alice", sessionId)).isEqualByComparingTo("0");
		assertThat(this.adjustments.topUpRefunds("alice", PageRequest.of(0, 10)).items())
			.extracting(TopUpRefund::id, TopUpRefund::status)
			.containsExactlyInAnyOrder(tuple(part.id(), TopUpRefund.Status.SUCCEEDED),
					tuple(rest.id(), TopUpRefund.Status.SUCCEEDED));
		assertThat(this.payments.find(sessionId)).get()
			.extracting(PaymentRecord::status)
			.as("the payment itself stays succeeded")
			.isEqualTo(PaymentStatus.SUCCEEDED);
		assertInvariants();
	}

	@Test
	void aFullyRefundedTopUpRefusesAnotherRefundAndAsksTheProviderNothing() {
		TopUps topUps = topUps(USD);
		String sessionId = paidCheckout(topUps, "alice", "10.00");
		this.adjustments.refundTopUp("alice", sessionId, new BigDecimal("4.00"), false, action("refund-1"));
		this.adjustments.refundTopUp("alice", sessionId, null, false, action("refund-2"));
		RowCounts before = rowCounts();

		assertThatExceptionOfType(InvalidRequestException.class).as("nothing left")
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", sessionId, null, false, action("refund-3")));
		assertThatExceptionOfType(InvalidRequestException.class).as("a cent more than was paid")
			.isThrownBy(() -> this.adjustments.refundTopUp("alice", sessionId, new BigDecimal("0.01"), false,
					action("refund-4")));

		assertThat(rowCounts().since(before)).isEmpty();
		assertThat(this.counting.refunds()).isEqualTo(2);
		assertUsd("alice", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void aTopUpOfCreditsGivesBackTheCreditsItsRefundIsWorth() {
		TopUps topUps = topUps(CREDITS);
		String sessionId = paidCheckout(topUps, "alice", "10.00");
		assertAccount("alice", CREDITS, "1000", "0", "1000");

		TopUpRefund part = this.adjustments.refundTopUp("alice", sessionId, new BigDecimal("2.50"), false,
				action("refund-part"));

		assertThat(part.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(part.currency()).isEqualTo(USD);
		assertThat(part.asset()).isEqualTo(CREDITS);
		assertThat(part.debited()).isEqualByComparingTo("250");
		assertAccount("alice", CREDITS, "750", "0", "750");
		TopUpRefund rest = this.adjustments.refundTopUp("alice", sessionId, null, false, action("refund-rest"));
		assertThat(rest.amount()).isEqualByComparingTo("7.50");
		assertThat(rest.debited()).isEqualByComparingTo("750");
		assertAccount("alice", CREDITS, "0", "0", "0");
		assertInvariants();
	}

	@Test
	void anAutoTopUpIsRefundedByItsIdempotencyKey() {
		TopUps topUps = topUps(USD);
		Checkout checkout = topUps.start("alice", new BigDecimal("10.00"), SUCCESS_URL, CANCEL_URL, true);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, true);
		topUps.complete(checkout.sessionId());
		String card = this.provider.savedPaymentMethods("alice").iterator().next();
		TopUpResult auto = topUps.chargeSaved("alice", card, new BigDecimal("20.00"), "auto-top-up-1");
		assertThat(auto.isCredited()).isTrue();
		assertUsd("alice", "30.00", "0", "30.00");

		TopUpRefund refund = this.adjustments.refundTopUp("alice", "auto-top-up-1", null, false, action("refund-auto"));

		assertThat(refund.status()).isEqualTo(TopUpRefund.Status.SUCCEEDED);
		assertThat(refund.providerReference()).startsWith("re_test_");
		assertThat(refund.amount()).isEqualByComparingTo("20.00");
		assertUsd("alice", "10.00", "0", "10.00");
		assertThat(this.adjustments.refundable("alice", checkout.sessionId())).as("the checkout is untouched")
			.isEqualByComparingTo("10.00");
		assertInvariants();
	}

	private TopUps topUps(String asset) {
		return new TopUps(this.ledger, this.counting, TopUpPolicy.of(asset, USD, "5.00", "500.00"), this.payments);
	}

	/** Starts a checkout, pays it with the card that succeeds and completes it: the session's id. */
	private String paidCheckout(TopUps topUps, String customer, String amount) {
		Checkout checkout = topUps.start(customer, new BigDecimal(amount), SUCCESS_URL, CANCEL_URL, false);
		this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);
		TopUpResult result = topUps.complete(checkout.sessionId());
		assertThat(result.isCredited()).isTrue();
		assertThat(this.payments.find(checkout.sessionId())).get()
			.satisfies((payment) -> {
				assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
				assertThat(payment.provider()).isEqualTo("test");
				assertThat(payment.paymentReference()).startsWith("test_pi_");
			});
		return checkout.sessionId();
	}

	private static OperatorAction action(String key) {
		return new OperatorAction(key, "ops@example.com", "customer asked for their money back");
	}

}

package io.credyt.payment;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.credyt.InvalidRequestException;
import io.credyt.testing.Concurrently;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The built-in test provider: Stripe's test cards, sessions in memory, saved cards that charge
 * off-session the way they pay, refunds of the payments it took, and a refusal to run in live
 * mode.
 */
class TestPaymentProviderTests {

	private final TestPaymentProvider provider = new TestPaymentProvider("/billing/test-checkout");

	@Test
	void refusesToRunWhenALiveModeIsConfigured() {
		assertThatIllegalStateException().isThrownBy(() -> TestPaymentProvider.forMode(true, "/billing/test-checkout"))
			.withMessageContaining("live");
		TestPaymentProvider test = TestPaymentProvider.forMode(false, "/billing/test-checkout");
		assertThat(test.name()).isEqualTo("test");
		assertThat(test.live()).isFalse();
	}

	@Test
	void checkoutRedirectsToTheLocalCardFormAndStaysPendingUntilPaid() {
		Checkout checkout = start("alice", "5.00", false);

		assertThat(checkout.sessionId()).startsWith("test_cs_");
		assertThat(checkout.redirectUrl()).isEqualTo("/billing/test-checkout?session=" + checkout.sessionId());
		assertThat(this.provider.outcome(checkout.sessionId())).hasValueSatisfying((outcome) -> {
			assertThat(outcome.status()).isEqualTo(PaymentStatus.PENDING);
			assertThat(outcome.customer()).isEqualTo("alice");
			assertThat(outcome.amount()).isEqualByComparingTo("5.00");
			assertThat(outcome.currency()).isEqualTo("USD");
			assertThat(outcome.paymentReference()).isNull();
		});
		assertThat(this.provider.checkout(checkout.sessionId()).successUrl()).isEqualTo("/ok");
	}

	@Test
	void retriedStartWithTheSameIdempotencyKeyCreatesOneSession() {
		CheckoutRequest request = new CheckoutRequest("alice", new BigDecimal("5.00"), "USD", "/ok", "/cancel", false,
				"start-1");
		List<Concurrently.Outcome<Checkout>> outcomes = Concurrently.run(16, 64,
				(i) -> () -> this.provider.startCheckout(request));
		assertThat(outcomes.stream().map((outcome) -> outcome.value().sessionId()).distinct()).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "4242 4242 4242 4242", "4242424242424242", " 4242  4242 4242 4242 " })
	void successfulCardPaysWhateverItsSpacing(String card) {
		Checkout checkout = start("alice", "5.00", false);

		PaymentOutcome outcome = this.provider.pay(checkout.sessionId(), card, false);

		assertThat(outcome.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(outcome.paymentReference()).startsWith("test_pi_");
		assertThat(outcome.failureReason()).isNull();
		assertThat(outcome.savedPaymentMethod()).isNull();
		assertThat(this.provider.outcome(checkout.sessionId())).contains(outcome);
	}

	@Test
	void paidSessionStaysPaidWithOnePaymentReference() {
		Checkout checkout = start("alice", "5.00", false);
		PaymentOutcome first = this.provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);

		PaymentOutcome again = this.provider.pay(checkout.sessionId(), TestPaymentProvider.DECLINED, false);

		assertThat(again).isEqualTo(first);
	}

	@Test
	void failingCardsFailWithStripesReasons() {
		assertThat(payWith(TestPaymentProvider.DECLINED).failureReason()).isEqualTo("Your card was declined.");
		assertThat(payWith(TestPaymentProvider.INSUFFICIENT_FUNDS).failureReason())
			.isEqualTo("Your card has insufficient funds.");
		assertThat(payWith("4000 0000 0000 0000").failureReason()).isEqualTo("Your card number is invalid.");
		assertThat(payWith("").failureReason()).isEqualTo("Your card number is invalid.");
	}

	@Test
	void savedCardIsRememberedForTheCustomerEvenWhenItDeclines() {
		PaymentOutcome good = this.provider.pay(start("alice", "5.00", true).sessionId(), TestPaymentProvider.SUCCEEDS,
				true);
		PaymentOutcome bad = this.provider.pay(start("alice", "5.00", true).sessionId(), TestPaymentProvider.DECLINED,
				true);
		this.provider.pay(start("alice", "5.00", true).sessionId(), "1111", true);

		assertThat(good.savedPaymentMethod()).isEqualTo("test_pm_4242");
		assertThat(bad.savedPaymentMethod()).isEqualTo("test_pm_0002");
		assertThat(this.provider.savedPaymentMethods("alice")).containsExactly("test_pm_0002", "test_pm_4242");
		assertThat(this.provider.savedPaymentMethods("bob")).isEmpty();
	}

	@Test
	void offSessionChargeOfASavedCardSucceedsOncePerIdempotencyKey() {
		this.provider.pay(start("alice", "5.00", true).sessionId(), TestPaymentProvider.SUCCEEDS, true);
		OffSessionCharge charge = new OffSessionCharge("alice", "test_pm_4242", new BigDecimal("10"), "USD", "auto-1");

		PaymentOutcome first = this.provider.chargeOffSession(charge);
		PaymentOutcome retried = this.provider.chargeOffSession(charge);
		PaymentOutcome other = this.provider
			.chargeOffSession(new OffSessionCharge("alice", "test_pm_4242", new BigDecimal("10"), "USD", "auto-2"));

		assertThat(first.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(first.paymentReference()).startsWith("test_pi_");
		assertThat(retried).isEqualTo(first);
		assertThat(other.paymentReference()).isNotEqualTo(first.paymentReference());
	}

	@Test
	void offSessionChargeOfASavedDecliningCardFails() {
		this.provider.pay(start("alice", "5.00", true).sessionId(), TestPaymentProvider.INSUFFICIENT_FUNDS, true);

		PaymentOutcome outcome = this.provider
			.chargeOffSession(new OffSessionCharge("alice", "test_pm_9995", new BigDecimal("10"), "USD", "auto-1"));

		assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(outcome.paymentReference()).isNull();
		assertThat(outcome.failureReason()).isEqualTo("Your card has insufficient funds.");
	}

	@Test
	void offSessionChargeOfACardTheCustomerDidNotSaveFails() {
		PaymentOutcome outcome = this.provider
			.chargeOffSession(new OffSessionCharge("alice", "test_pm_4242", new BigDecimal("10"), "USD", "auto-1"));

		assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(outcome.failureReason()).isNotBlank();
	}

	@Test
	void paymentTakenAtTheCheckoutIsRefundedWithAReferenceMadeFromTheIdempotencyKey() {
		String payment = this.provider.pay(start("alice", "5.00", false).sessionId(), TestPaymentProvider.SUCCEEDS,
				false).paymentReference();

		RefundOutcome outcome = this.provider.refund(refund(payment, "2.00", "refund-1"));

		assertThat(outcome.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(outcome.refundReference()).startsWith("re_test_");
		assertThat(outcome.failureReason()).isNull();
		assertThat(this.provider.refund(refund(payment, "1.00", "refund-2")).refundReference())
			.isNotEqualTo(outcome.refundReference());
	}

	@Test
	void paymentTakenOffSessionIsRefunded() {
		this.provider.pay(start("alice", "5.00", true).sessionId(), TestPaymentProvider.SUCCEEDS, true);
		String payment = this.provider
			.chargeOffSession(new OffSessionCharge("alice", "test_pm_4242", new BigDecimal("10"), "USD", "auto-1"))
			.paymentReference();

		RefundOutcome outcome = this.provider.refund(refund(payment, "10", "refund-1"));

		assertThat(outcome.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(outcome.refundReference()).startsWith("re_test_");
	}

	@Test
	void retriedRefundIsTheSameRefundOnAnyInstanceAndAtOnce() {
		String payment = this.provider.pay(start("alice", "5.00", false).sessionId(), TestPaymentProvider.SUCCEEDS,
				false).paymentReference();
		RefundRequest request = refund(payment, "5.00", "refund-1");
		RefundOutcome first = this.provider.refund(request);

		List<Concurrently.Outcome<RefundOutcome>> retried = Concurrently.run(8, 32,
				(i) -> () -> new TestPaymentProvider("/billing/test-checkout").refund(request));

		assertThat(retried).allSatisfy((outcome) -> assertThat(outcome.value()).isEqualTo(first));
	}

	@ParameterizedTest
	@ValueSource(strings = { "pi_3NxStripe", "test_pi_", "test_pi_not-a-uuid", "test_pi_1-2-3-4-5",
			"test_pi_00000000-0000-0000-0000-000000000000", "test_cs_2f1c7b9e-6a4d-4e8b-9c3f-0d5e7a1b2c3d" })
	void paymentThisProviderNeverTookIsNotRefunded(String payment) {
		RefundOutcome outcome = this.provider.refund(refund(payment, "5.00", "refund-1"));

		assertThat(outcome).isEqualTo(RefundOutcome.failed("No such payment."));
	}

	@Test
	void refundNeedsAnIdempotencyKeyAndAPositiveAmount() {
		String payment = this.provider.pay(start("alice", "5.00", false).sessionId(), TestPaymentProvider.SUCCEEDS,
				false).paymentReference();

		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.provider.refund(refund(payment, "5.00", " ")))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("idempotencyKey"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.provider.refund(refund(payment, "0", "refund-1")))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("amount"));
	}

	@Test
	void unknownSessionHasNoOutcomeAndCannotBePaid() {
		assertThat(this.provider.outcome("test_cs_nope")).isEmpty();
		assertThatExceptionOfType(UnknownCheckoutSessionException.class)
			.isThrownBy(() -> this.provider.pay("test_cs_nope", TestPaymentProvider.SUCCEEDS, false));
	}

	private PaymentOutcome payWith(String card) {
		PaymentOutcome outcome = this.provider.pay(start("alice", "5.00", false).sessionId(), card, false);
		assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(outcome.paymentReference()).isNull();
		return outcome;
	}

	private static RefundRequest refund(String payment, String amount, String idempotencyKey) {
		return new RefundRequest("alice", payment, new BigDecimal(amount), "USD", idempotencyKey);
	}

	private Checkout start(String customer, String amount, boolean save) {
		return this.provider.startCheckout(new CheckoutRequest(customer, new BigDecimal(amount), "USD", "/ok",
				"/cancel", save, null));
	}

}

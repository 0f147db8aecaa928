package io.credyt.stripe;

import java.io.IOException;
import java.math.BigDecimal;

import com.stripe.exception.ApiConnectionException;
import io.credyt.InvalidRequestException;
import io.credyt.payment.Checkout;
import io.credyt.payment.CheckoutRequest;
import io.credyt.payment.OffSessionCharge;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.RefundOutcome;
import io.credyt.payment.RefundRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StripePaymentProviderTests {

	private static final String SESSION_CREATED = """
			{"id": "cs_test_1", "object": "checkout.session", "mode": "payment", "status": "open",
			 "payment_status": "unpaid", "url": "https://checkout.stripe.com/c/pay/cs_test_1"}""";

	private FakeStripe stripe;

	private InMemoryStripeCustomerMapping customers;

	private StripePaymentProvider provider;

	@BeforeEach
	void startStripe() throws IOException {
		this.stripe = new FakeStripe();
		this.stripe.respond("POST", "/v1/customers", 200, """
				{"id": "cus_1", "object": "customer", "metadata": {"credyt_customer": "alice"}}""");
		this.stripe.respond("POST", "/v1/checkout/sessions", 200, SESSION_CREATED);
		this.customers = new InMemoryStripeCustomerMapping();
		this.provider = new StripePaymentProvider(this.stripe.client(), false, this.customers);
	}

	@AfterEach
	void stopStripe() {
		this.stripe.close();
	}

	@Test
	void checkoutSessionIsAOneLinePaymentOfTheAmountInCents() {
		Checkout checkout = this.provider.startCheckout(new CheckoutRequest("alice", new BigDecimal("5.00"), "USD",
				"https://app.example/billing/return", "https://app.example/billing", false, "topup-42"));

		assertThat(checkout).isEqualTo(new Checkout("cs_test_1", "https://checkout.stripe.com/c/pay/cs_test_1"));
		FakeStripe.Request request = this.stripe.onlyRequestTo("POST", "/v1/checkout/sessions");
		assertThat(request.form()).containsEntry("mode", "payment")
			.containsEntry("line_items[0][quantity]", "1")
			.containsEntry("line_items[0][price_data][unit_amount]", "500")
			.containsEntry("line_items[0][price_data][currency]", "usd")
			.containsEntry("line_items[0][price_data][product_data][name]", "Balance top-up")
			.containsEntry("success_url", "https://app.example/billing/return?session_id={CHECKOUT_SESSION_ID}")
			.containsEntry("cancel_url", "https://app.example/billing")
			.containsEntry("client_reference_id", "alice")
			.containsEntry("metadata[credyt_customer]", "alice")
			.containsEntry("customer", "cus_1")
			.doesNotContainKey("payment_intent_data[setup_future_usage]");
		assertThat(request.header("Idempotency-Key")).isEqualTo("topup-42");
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakeStripe.SECRET_KEY);
	}

	@Test
	void savingTheCardAsksStripeToSetItUpForOffSessionUse() {
		this.provider.startCheckout(new CheckoutRequest("alice", new BigDecimal("20"), "eur",
				"https://app.example/return?from=portal", "https://app.example/billing", true, "topup-43"));

		FakeStripe.Request request = this.stripe.onlyRequestTo("POST", "/v1/checkout/sessions");
		assertThat(request.form()).containsEntry("payment_intent_data[setup_future_usage]", "off_session")
			.containsEntry("payment_intent_data[metadata][credyt_customer]", "alice")
			.containsEntry("line_items[0][price_data][unit_amount]", "2000")
			.containsEntry("line_items[0][price_data][currency]", "eur")
			.containsEntry("success_url", "https://app.example/return?from=portal&session_id={CHECKOUT_SESSION_ID}");
	}

	@Test
	void firstCheckoutCreatesAStripeCustomerAndLaterCheckoutsReuseIt() {
		this.provider.startCheckout(checkout("alice", "10.00", "topup-1"));
		this.provider.startCheckout(checkout("alice", "15.00", "topup-2"));

		FakeStripe.Request created = this.stripe.onlyRequestTo("POST", "/v1/customers");
		assertThat(created.form()).containsEntry("metadata[credyt_customer]", "alice");
		assertThat(created.header("Idempotency-Key")).isEqualTo("credyt-customer-alice");
		assertThat(this.customers.stripeCustomer("alice")).contains("cus_1");
		assertThat(this.stripe.requests()).filteredOn((request) -> request.path().equals("/v1/checkout/sessions"))
			.allSatisfy((request) -> assertThat(request.form()).containsEntry("customer", "cus_1"))
			.hasSize(2);
	}

	@Test
	void knownStripeCustomerIsUsedWithoutCreatingOne() {
		this.customers.mapIfAbsent("bob", "cus_bob");

		this.provider.startCheckout(checkout("bob", "10.00", "topup-3"));

		assertThat(this.stripe.requests()).noneMatch((request) -> request.path().equals("/v1/customers"));
		assertThat(this.stripe.onlyRequestTo("POST", "/v1/checkout/sessions").form()).containsEntry("customer",
				"cus_bob");
	}

	@ParameterizedTest
	@CsvSource({ "5.005, USD", "0.001, EUR", "0, USD", "-5.00, USD", "100.5, JPY", "1.005, KWD" })
	void amountsThatAreNotWholeMinorUnitsOrNotPositiveAreRefusedBeforeAnyRequest(String amount, String currency) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.provider.startCheckout(new CheckoutRequest("alice", new BigDecimal(amount),
					currency, "https://app.example/return", "https://app.example/billing", false, "topup-x")))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("amount"));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> this.provider
			.chargeOffSession(new OffSessionCharge("alice", "pm_1", new BigDecimal(amount), currency, "auto-x")));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> this.provider
			.refund(new RefundRequest("alice", "pi_1", new BigDecimal(amount), currency, "refund-x")));
		assertThat(this.stripe.requests()).isEmpty();
	}

	@Test
	void zeroDecimalCurrenciesAreSentInWholeUnits() {
		this.provider.startCheckout(new CheckoutRequest("alice", new BigDecimal("500"), "JPY",
				"https://app.example/return", "https://app.example/billing", false, "topup-jpy"));

		assertThat(this.stripe.onlyRequestTo("POST", "/v1/checkout/sessions").form())
			.containsEntry("line_items[0][price_data][unit_amount]", "500")
			.containsEntry("line_items[0][price_data][currency]", "jpy");
	}

	@Test
	void stripeRefusingTheRequestIsATypedErrorCarryingStripesDetails() {
		this.stripe.respond("POST", "/v1/checkout/sessions", 400, """
				{"error": {"type": "invalid_request_error", "code": "url_invalid", "message": "Not a valid URL"}}""");

		assertThatExceptionOfType(StripeApiException.class)
			.isThrownBy(() -> this.provider.startCheckout(checkout("alice", "5.00", "topup-bad")))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.code()).isEqualTo("url_invalid");
				assertThat(ex.requestId()).isEqualTo("req_fake");
			});
	}

	@Test
	void paidSessionSucceedsWithThePaymentIntentAsReferenceAndTheCardSavedForLater() {
		this.stripe.respond("GET", "/v1/checkout/sessions/cs_test_1", 200, session("complete", "paid", """
				{"id": "pi_1", "object": "payment_intent", "status": "succeeded",
				 "setup_future_usage": "off_session", "payment_method": "pm_1"}"""));

		PaymentOutcome outcome = this.provider.outcome("cs_test_1").orElseThrow();

		assertThat(outcome).isEqualTo(new PaymentOutcome("cs_test_1", "alice", PaymentStatus.SUCCEEDED, "pi_1",
				new BigDecimal("5.00"), "USD", "pm_1", null));
		assertThat(this.stripe.onlyRequestTo("GET", "/v1/checkout/sessions/cs_test_1").query())
			.containsValue("payment_intent");
	}

	@Test
	void paidSessionWithoutSavingLeavesNoSavedCard() {
		this.stripe.respond("GET", "/v1/checkout/sessions/cs_test_1", 200, session("complete", "paid", """
				{"id": "pi_1", "object": "payment_intent", "status": "succeeded", "payment_method": "pm_1"}"""));

		PaymentOutcome outcome = this.provider.outcome("cs_test_1").orElseThrow();

		assertThat(outcome.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(outcome.savedPaymentMethod()).isNull();
	}

	@Test
	void openUnpaidSessionIsPending() {
		this.stripe.respond("GET", "/v1/checkout/sessions/cs_test_1", 200, session("open", "unpaid", "null"));

		PaymentOutcome outcome = this.provider.outcome("cs_test_1").orElseThrow();

		assertThat(outcome.status()).isEqualTo(PaymentStatus.PENDING);
		assertThat(outcome.paymentReference()).isNull();
		assertThat(outcome.failureReason()).isNull();
	}

	@Test
	void expiredUnpaidSessionFailed() {
		this.stripe.respond("GET", "/v1/checkout/sessions/cs_test_1", 200, session("expired", "unpaid", "null"));

		PaymentOutcome outcome = this.provider.outcome("cs_test_1").orElseThrow();

		assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(outcome.failureReason()).contains("expired");
	}

	@Test
	void unknownSessionHasNoOutcome() {
		assertThat(this.provider.outcome("cs_nope")).isEmpty();
	}

	@Test
	void sessionCredytDidNotStartHasNoOutcome() {
		this.stripe.respond("GET", "/v1/checkout/sessions/cs_other", 200, """
				{"id": "cs_other", "object": "checkout.session", "status": "complete", "payment_status": "paid",
				 "amount_total": 9900, "currency": "usd", "payment_intent": "pi_other", "metadata": {}}""");

		assertThat(this.provider.outcome("cs_other")).isEmpty();
	}

	@Test
	void offSessionChargeConfirmsAPaymentIntentOnTheSavedCardOfTheMappedCustomer() {
		this.customers.mapIfAbsent("alice", "cus_1");
		this.stripe.respond("POST", "/v1/payment_intents", 200, """
				{"id": "pi_auto", "object": "payment_intent", "status": "succeeded", "amount": 2500,
				 "currency": "usd", "payment_method": "pm_1"}""");

		PaymentOutcome outcome = this.provider
			.chargeOffSession(new OffSessionCharge("alice", "pm_1", new BigDecimal("25.00"), "USD", "auto-7"));

		assertThat(outcome).isEqualTo(new PaymentOutcome("auto-7", "alice", PaymentStatus.SUCCEEDED, "pi_auto",
				new BigDecimal("25.00"), "USD", "pm_1", null));
		FakeStripe.Request request = this.stripe.onlyRequestTo("POST", "/v1/payment_intents");
		assertThat(request.form()).containsEntry("amount", "2500")
			.containsEntry("currency", "usd")
			.containsEntry("customer", "cus_1")
			.containsEntry("payment_method", "pm_1")
			.containsEntry("off_session", "true")
			.containsEntry("confirm", "true")
			.containsEntry("metadata[credyt_customer]", "alice");
		assertThat(request.header("Idempotency-Key")).isEqualTo("auto-7");
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakeStripe.SECRET_KEY);
	}

	@Test
	void declinedOffSessionChargeFailsWithStripesMessageInsteadOfThrowing() {
		this.customers.mapIfAbsent("alice", "cus_1");
		this.stripe.respond("POST", "/v1/payment_intents", 402, """
				{"error": {"type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
				 "message": "Your card has insufficient funds.",
				 "payment_intent": {"id": "pi_declined", "object": "payment_intent",
				                    "status": "requires_payment_method"}}}""");

		PaymentOutcome outcome = this.provider
			.chargeOffSession(new OffSessionCharge("alice", "pm_1", new BigDecimal("25.00"), "USD", "auto-8"));

		assertThat(outcome).isEqualTo(new PaymentOutcome("auto-8", "alice", PaymentStatus.FAILED, "pi_declined",
				new BigDecimal("25.00"), "USD", null, "Your card has insufficient funds."));
	}

	@Test
	void offSessionChargeForACustomerWithNoStripeCustomerFailsWithoutARequest() {
		PaymentOutcome outcome = this.provider
			.chargeOffSession(new OffSessionCharge("carol", "pm_1", new BigDecimal("25.00"), "USD", "auto-9"));

		assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(outcome.failureReason()).contains("No Stripe customer");
		assertThat(this.stripe.requests()).isEmpty();
	}

	@Test
	void refundSendsBackPartOfThePaymentIntentInCentsUnderTheIdempotencyKey() {
		RefundOutcome outcome = this.provider.refund(refund("2.50", "refund-1"));

		assertThat(outcome).isEqualTo(RefundOutcome.succeeded("re_fake_1"));
		FakeStripe.Request request = this.stripe.onlyRequestTo("POST", "/v1/refunds");
		assertThat(request.form()).containsEntry("payment_intent", "pi_1")
			.containsEntry("amount", "250")
			.containsEntry("metadata[credyt_customer]", "alice")
			.doesNotContainKey("currency");
		assertThat(request.header("Idempotency-Key")).isEqualTo("refund-1");
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakeStripe.SECRET_KEY);
	}

	@Test
	void retriedRefundWithTheSameIdempotencyKeyRefundsOnce() {
		RefundOutcome first = this.provider.refund(refund("2.50", "refund-1"));
		RefundOutcome retried = this.provider.refund(refund("2.50", "refund-1"));
		RefundOutcome other = this.provider.refund(refund("1.00", "refund-2"));

		assertThat(retried).isEqualTo(first);
		assertThat(other.refundReference()).isEqualTo("re_fake_2");
		assertThat(this.stripe.refunds()).extracting(FakeStripe.Refund::idempotencyKey)
			.containsExactly("refund-1", "refund-2");
	}

	@Test
	void pendingRefundIsOnItsWayAndSucceeds() {
		this.stripe.refundsEnd("pending", null);

		assertThat(this.provider.refund(refund("5.00", "refund-1"))).isEqualTo(RefundOutcome.succeeded("re_fake_1"));
	}

	@ParameterizedTest
	@CsvSource({ "failed, expired_or_canceled_card", "canceled, ''", "requires_action, ''" })
	void refundThatStripeCouldNotCompleteFailsNamingTheRefund(String status, String failureReason) {
		this.stripe.refundsEnd(status, failureReason.isEmpty() ? null : failureReason);

		RefundOutcome outcome = this.provider.refund(refund("5.00", "refund-1"));

		assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(outcome.refundReference()).isNull();
		assertThat(outcome.failureReason()).contains("re_fake_1", status, failureReason);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			400 | invalid_request_error | charge_already_refunded | Charge ch_1 has already been refunded.
			400 | invalid_request_error | amount_too_large        | Refund amount ($10.00) is greater than unrefunded amount on charge ($5.00)
			404 | invalid_request_error | resource_missing        | No such payment_intent: 'pi_1'
			402 | card_error            | card_declined           | Your card was declined.
			""")
	void refundStripeRefusesFailsWithStripesMessageInsteadOfThrowing(int status, String type, String code,
			String message) {
		this.stripe.refuseRefunds(status, type, code, message);

		RefundOutcome outcome = this.provider.refund(refund("5.00", "refund-1"));

		assertThat(outcome).isEqualTo(RefundOutcome.failed(message));
		assertThat(this.stripe.refunds()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "500, api_error, ''", "401, invalid_request_error, ''", "429, invalid_request_error, rate_limit" })
	void refundStripeCouldNotAnswerThrowsSoTheSameRequestCanBeRetried(int status, String type, String code) {
		this.stripe.respond("POST", "/v1/refunds", status, """
				{"error": {"type": "%s", "code": "%s", "message": "Something went wrong"}}""".formatted(type, code));

		assertThatExceptionOfType(StripeApiException.class)
			.isThrownBy(() -> this.provider.refund(refund("5.00", "refund-1")))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(status);
				assertThat(ex.requestId()).isEqualTo("req_fake");
			});
	}

	@Test
	void refundWhenStripeIsUnreachableThrows() {
		this.stripe.close();

		assertThatExceptionOfType(StripeApiException.class)
			.isThrownBy(() -> this.provider.refund(refund("5.00", "refund-1")))
			.withCauseInstanceOf(ApiConnectionException.class);
	}

	@Test
	void idempotencyKeyReusedForAnotherRefundThrowsRatherThanPretendingItFailed() {
		this.provider.refund(refund("2.50", "refund-1"));

		assertThatExceptionOfType(StripeApiException.class)
			.isThrownBy(() -> this.provider.refund(refund("3.00", "refund-1")));
		assertThat(this.stripe.refunds()).hasSize(1);
	}

	@Test
	void refundWithoutAnIdempotencyKeyIsRefusedBeforeAnyRequest() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.provider.refund(refund("5.00", " ")))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("idempotencyKey"));
		assertThat(this.stripe.requests()).isEmpty();
	}

	@Test
	void onlyLiveKeysAreLive() {
		assertThat(StripePaymentProvider.isLiveKey("sk_live_abc")).isTrue();
		assertThat(StripePaymentProvider.isLiveKey("rk_live_abc")).isTrue();
		assertThat(StripePaymentProvider.isLiveKey("sk_test_abc")).isFalse();
		assertThat(new StripePaymentProvider("sk_live_abc").live()).isTrue();
		assertThat(new StripePaymentProvider("sk_test_abc").live()).isFalse();
		assertThat(this.provider.name()).isEqualTo("stripe");
	}

	@Test
	void sessionIdPlaceholderGoesIntoTheQueryBeforeAnyFragment() {
		assertThat(StripePaymentProvider.withSessionId("https://app.example/r#done"))
			.isEqualTo("https://app.example/r?session_id={CHECKOUT_SESSION_ID}#done");
	}

	private static CheckoutRequest checkout(String customer, String amount, String idempotencyKey) {
		return new CheckoutRequest(customer, new BigDecimal(amount), "USD", "https://app.example/return",
				"https://app.example/billing", false, idempotencyKey);
	}

	private static RefundRequest refund(String amount, String idempotencyKey) {
		return new RefundRequest("alice", "pi_1", new BigDecimal(amount), "USD", idempotencyKey);
	}

	private static String session(String status, String paymentStatus, String paymentIntent) {
		return """
				{"id": "cs_test_1", "object": "checkout.session", "mode": "payment", "status": "%s",
				 "payment_status": "%s", "amount_total": 500, "currency": "usd", "client_reference_id": "alice",
				 "metadata": {"credyt_customer": "alice"}, "payment_intent": %s}"""
			.formatted(status, paymentStatus, paymentIntent);
	}

}

package io.credyt.stripe;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.stripe.Stripe;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StripeWebhooksTests {

	private static final String SECRET = "whsec_test_secret";

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private final StripeWebhooks webhooks = new StripeWebhooks(SECRET, StripeWebhooks.DEFAULT_TOLERANCE,
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void signedCheckoutCompletedIsAcceptedAndMappedToTheSessionsOutcome() {
		String payload = event("checkout.session.completed", "paid", Stripe.API_VERSION);

		assertThat(this.webhooks.handle(payload, sign(payload, SECRET, NOW)))
			.contains(new PaymentOutcome("cs_test_1", "alice", PaymentStatus.SUCCEEDED, "pi_1", new BigDecimal("5.00"),
					"USD", null, null));
	}

	@Test
	void signatureIsVerifiedAgainstTheRealClockByDefault() {
		String payload = event("checkout.session.completed", "paid", Stripe.API_VERSION);

		assertThat(new StripeWebhooks(SECRET).handle(payload, sign(payload, SECRET, Instant.now())))
			.hasValueSatisfying((outcome) -> assertThat(outcome.status()).isEqualTo(PaymentStatus.SUCCEEDED));
	}

	@Test
	void completedCheckoutWithAnAsynchronousPaymentStillOnItsWayIsPending() {
		String payload = event("checkout.session.completed", "unpaid", Stripe.API_VERSION);

		assertThat(this.webhooks.handle(payload, sign(payload, SECRET, NOW)))
			.hasValueSatisfying((outcome) -> assertThat(outcome.status()).isEqualTo(PaymentStatus.PENDING));
	}

	@Test
	void asyncPaymentSucceededIsSucceeded() {
		String payload = event("checkout.session.async_payment_succeeded", "paid", Stripe.API_VERSION);

		assertThat(this.webhooks.handle(payload, sign(payload, SECRET, NOW)))
			.hasValueSatisfying((outcome) -> {
				assertThat(outcome.status()).isEqualTo(PaymentStatus.SUCCEEDED);
				assertThat(outcome.paymentReference()).isEqualTo("pi_1");
			});
	}

	@Test
	void asyncPaymentFailedIsFailed() {
		String payload = event("checkout.session.async_payment_failed", "unpaid", Stripe.API_VERSION);

		assertThat(this.webhooks.handle(payload, sign(payload, SECRET, NOW)))
			.hasValueSatisfying((outcome) -> {
				assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
				assertThat(outcome.failureReason()).isNotBlank();
			});
	}

	@Test
	void eventFromAnEndpointOnAnotherApiVersionIsStillMapped() {
		String payload = event("checkout.session.completed", "paid", "2020-08-27");

		assertThat(this.webhooks.handle(payload, sign(payload, SECRET, NOW)))
			.hasValueSatisfying((outcome) -> assertThat(outcome.paymentReference()).isEqualTo("pi_1"));
	}

	@Test
	void unrelatedEventTypeGivesNothing() {
		String payload = """
				{"id": "evt_2", "object": "event", "api_version": "%s", "type": "customer.created",
				 "data": {"object": {"id": "cus_1", "object": "customer"}}}""".formatted(Stripe.API_VERSION);

		assertThat(this.webhooks.handle(payload, sign(payload, SECRET, NOW))).isEmpty();
	}

	@Test
	void checkoutCredytDidNotStartGivesNothing() {
		String payload = event("checkout.session.completed", "paid", Stripe.API_VERSION)
			.replace("\"metadata\": {\"credyt_customer\": \"alice\"}", "\"metadata\": {}");

		assertThat(this.webhooks.handle(payload, sign(payload, SECRET, NOW))).isEmpty();
	}

	@Test
	void tamperedPayloadIsRejected() {
		String payload = event("checkout.session.completed", "paid", Stripe.API_VERSION);
		String signature = sign(payload, SECRET, NOW);
		String tampered = payload.replace("\"amount_total\": 500", "\"amount_total\": 500000");

		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.handle(tampered, signature));
	}

	@Test
	void payloadSignedWithAnotherSecretIsRejected() {
		String payload = event("checkout.session.completed", "paid", Stripe.API_VERSION);

		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.handle(payload, sign(payload, "whsec_someone_else", NOW)));
	}

	@Test
	void signatureOlderThanTheToleranceIsRejectedAsAReplay() {
		String payload = event("checkout.session.completed", "paid", Stripe.API_VERSION);

		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.handle(payload, sign(payload, SECRET, NOW.minusSeconds(301))))
			.satisfies((ex) -> assertThat(ex.reason()).containsIgnoringCase("tolerance"));
		assertThat(this.webhooks.handle(payload, sign(payload, SECRET, NOW.minusSeconds(299)))).isPresent();
	}

	@Test
	void missingOrMalformedSignatureHeaderIsRejected() {
		String payload = event("checkout.session.completed", "paid", Stripe.API_VERSION);

		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.handle(payload, null));
		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.handle(payload, "garbage"));
	}

	@Test
	void garbagePayloadWithoutAValidSignatureIsRejected() {
		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.handle("not json", sign("other", SECRET, NOW)));
	}

	private static String event(String type, String paymentStatus, String apiVersion) {
		return """
				{"id": "evt_1", "object": "event", "api_version": "%s", "type": "%s", "livemode": false,
				 "data": {"object": {"id": "cs_test_1", "object": "checkout.session", "mode": "payment",
				   "status": "complete", "payment_status": "%s", "amount_total": 500, "currency": "usd",
				   "client_reference_id": "alice", "metadata": {"credyt_customer": "alice"},
				   "payment_intent": "pi_1"}}}""".formatted(apiVersion, type, paymentStatus);
	}

	/** Stripe's scheme: {@code t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">}. */
	private static String sign(String payload, String secret, Instant at) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			long timestamp = at.getEpochSecond();
			byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
			return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}

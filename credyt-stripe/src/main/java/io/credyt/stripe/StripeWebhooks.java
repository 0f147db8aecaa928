package io.credyt.stripe;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.EventDataObjectDeserializer;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentStatus;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Stripe's webhooks and turns the checkout ones into payment outcomes. The caller credits
 * a {@link PaymentStatus#SUCCEEDED SUCCEEDED} outcome through the ledger's idempotent top-up keyed
 * by {@link PaymentOutcome#paymentReference()}, so Stripe's retries and the customer's return
 * credit once.
 * <p>
 * The outcome comes from the session in the event. Webhook payloads do not expand the
 * PaymentIntent, so {@link PaymentOutcome#savedPaymentMethod()} is {@code null} here; the saved
 * card is learned from {@link StripePaymentProvider#outcome(String)}.
 */
public class StripeWebhooks {

	/** Stripe's own default: a signature older than this is a replay. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(Webhook.DEFAULT_TOLERANCE);

	static final String SESSION_COMPLETED = "checkout.session.completed";

	static final String ASYNC_PAYMENT_SUCCEEDED = "checkout.session.async_payment_succeeded";

	static final String ASYNC_PAYMENT_FAILED = "checkout.session.async_payment_failed";

	private final String signingSecret;

	private final Duration tolerance;

	private final Clock clock;

	/**
	 * Webhooks signed with the given endpoint secret, with Stripe's default tolerance.
	 * @param signingSecret the endpoint's signing secret ({@code whsec_…})
	 */
	public StripeWebhooks(String signingSecret) {
		this(signingSecret, DEFAULT_TOLERANCE, Clock.systemUTC());
	}

	/**
	 * Webhooks signed with the given endpoint secret.
	 * @param signingSecret the endpoint's signing secret ({@code whsec_…})
	 * @param tolerance how old a signature may be
	 * @param clock the clock the signature's age is measured against
	 */
	public StripeWebhooks(String signingSecret, Duration tolerance, Clock clock) {
		this.signingSecret = signingSecret;
		this.tolerance = tolerance;
		this.clock = clock;
	}

	/**
	 * Verifies a webhook and reads the payment outcome it carries.
	 * @param payload the request body, exactly as received
	 * @param stripeSignatureHeader the {@code Stripe-Signature} header, {@code null} when absent
	 * @return the outcome of the checkout session the event is about; empty for any other event,
	 * or for a session Credyt did not start
	 * @throws InvalidWebhookSignatureException when the signature is missing, wrong or stale
	 */
	public Optional<PaymentOutcome> handle(String payload, @Nullable String stripeSignatureHeader) {
		if (stripeSignatureHeader == null || stripeSignatureHeader.isBlank()) {
			throw new InvalidWebhookSignatureException("no Stripe-Signature header");
		}
		Event event;
		try {
			event = Webhook.constructEvent(payload, stripeSignatureHeader, this.signingSecret,
					this.tolerance.toSeconds(), this.clock);
		}
		catch (SignatureVerificationException ex) {
			throw new InvalidWebhookSignatureException(ex.getMessage(), ex);
		}
		String type = event.getType();
		if (!SESSION_COMPLETED.equals(type) && !ASYNC_PAYMENT_SUCCEEDED.equals(type)
				&& !ASYNC_PAYMENT_FAILED.equals(type)) {
			return Optional.empty();
		}
		Optional<PaymentOutcome> outcome = CheckoutSessions.outcome(sessionOf(event));
		if (ASYNC_PAYMENT_FAILED.equals(type)) {
			return outcome.map(StripeWebhooks::asyncPaymentFailed);
		}
		return outcome;
	}

	private static Session sessionOf(Event event) {
		EventDataObjectDeserializer data = event.getDataObjectDeserializer();
		// getObject() is empty when the endpoint's API version differs from the SDK's; the
		// fields read here are stable across versions.
		Optional<StripeObject> object = data.getObject();
		try {
			StripeObject session = object.isPresent() ? object.get() : data.deserializeUnsafe();
			return (Session) session;
		}
		catch (EventDataObjectDeserializationException | ClassCastException ex) {
			throw new IllegalStateException("Event " + event.getId() + " of type " + event.getType()
					+ " does not carry a checkout session", ex);
		}
	}

	private static PaymentOutcome asyncPaymentFailed(PaymentOutcome outcome) {
		return new PaymentOutcome(outcome.sessionId(), outcome.customer(), PaymentStatus.FAILED,
				outcome.paymentReference(), outcome.amount(), outcome.currency(), null,
				"The payment failed after checkout (an asynchronous payment method was not completed).");
	}

}

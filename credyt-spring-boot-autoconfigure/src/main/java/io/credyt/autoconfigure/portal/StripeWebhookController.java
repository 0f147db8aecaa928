package io.credyt.autoconfigure.portal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.RequestHeader;

import io.credyt.payment.PaymentDeclinedException;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.TopUps;
import io.credyt.stripe.InvalidWebhookSignatureException;
import io.credyt.stripe.StripeWebhooks;
import io.credyt.subscription.Subscriptions;

/**
 * Stripe's webhooks, at {@code credyt.payments.stripe.webhook-path}: a paid checkout is credited
 * (once, however often Stripe delivers it and whether or not the customer came back first), a
 * failed one is recorded. A checkout started for a subscription is never credited: its payment
 * activates the subscription instead (once, likewise). A webhook without a signature, or whose
 * signature does not verify, gets 400 and changes nothing; a body larger than
 * {@code credyt.payments.stripe.max-body-size} gets 413; events about anything else get 200 and
 * are ignored.
 */
@Controller
public class StripeWebhookController {

	private static final Log logger = LogFactory.getLog(StripeWebhookController.class);

	/** The header Stripe signs every delivery with. */
	static final String SIGNATURE_HEADER = "Stripe-Signature";

	private final StripeWebhooks webhooks;

	private final TopUps topUps;

	private final ObjectProvider<Subscriptions> subscriptions;

	private final long maxBodySize;

	StripeWebhookController(StripeWebhooks webhooks, TopUps topUps, ObjectProvider<Subscriptions> subscriptions,
			DataSize maxBodySize) {
		if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() >= Integer.MAX_VALUE) {
			throw new IllegalArgumentException("maxBodySize must be between 1 byte and 2 GB, was " + maxBodySize);
		}
		this.webhooks = webhooks;
		this.topUps = topUps;
		this.subscriptions = subscriptions;
		this.maxBodySize = maxBodySize.toBytes();
	}

	/**
	 * Handles a webhook. A request without a {@code Stripe-Signature} header is refused before
	 * its body is read; the body is read through a bounded stream, and one larger than
	 * {@code credyt.payments.stripe.max-body-size} is refused, so that no request makes the
	 * server hold more than that in memory before its signature is checked.
	 * @param signature the {@code Stripe-Signature} header
	 * @param request the request, whose body is exactly what Stripe sent
	 * @return 200; 400 without a signature or when it does not verify; 413 when the body is too
	 * large
	 * @throws IOException if the body cannot be read
	 */
	@PostMapping("${credyt.payments.stripe.webhook-path:/billing/webhooks/stripe}")
	ResponseEntity<Void> receive(@RequestHeader(name = SIGNATURE_HEADER, required = false) @Nullable String signature,
			HttpServletRequest request) throws IOException {
		if (signature == null || signature.isBlank()) {
			logger.warn("Stripe webhook refused: no " + SIGNATURE_HEADER + " header");
			return ResponseEntity.badRequest().build();
		}
		byte[] body = body(request);
		if (body == null) {
			logger.warn("Stripe webhook refused: the body is larger than " + this.maxBodySize + " bytes");
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).build();
		}
		// the signature covers the bytes Stripe sent, which are UTF-8 JSON
		String payload = new String(body, StandardCharsets.UTF_8);
		Optional<PaymentOutcome> outcome;
		try {
			outcome = this.webhooks.handle(payload, signature);
		}
		catch (InvalidWebhookSignatureException ex) {
			logger.warn("Stripe webhook refused: " + ex.reason());
			return ResponseEntity.badRequest().build();
		}
		Subscriptions subscriptions = this.subscriptions.getIfAvailable();
		if (outcome.isPresent() && subscriptions != null
				&& subscriptions.isSubscriptionCheckout(outcome.get().sessionId())) {
			completeSubscription(subscriptions, outcome.get());
		}
		else if (outcome.isPresent()) {
			switch (outcome.get().status()) {
				// completing re-reads the session from Stripe, which names the card saved with it
				case SUCCEEDED -> this.topUps.complete(outcome.get().sessionId());
				case FAILED -> recordFailure(outcome.get());
				case PENDING -> {
					// an asynchronous payment method: a later event says how it ended
				}
			}
		}
		return ResponseEntity.ok().build();
	}

	/**
	 * The body, or {@code null} when it is larger than the limit: a declared length over the
	 * limit is refused unread, and any body is read at most one byte past the limit.
	 */
	private byte @Nullable [] body(HttpServletRequest request) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBodySize) {
			return null;
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) this.maxBodySize + 1);
			return (body.length > this.maxBodySize) ? null : body;
		}
	}

	/**
	 * Activates the subscription a paid checkout was started for. Completing re-reads the session
	 * from Stripe; one still processing is completed by a later event. A payment that failed leaves
	 * the subscription waiting for its first fee (a new start replaces it), and is recorded as the
	 * subscription's failed payment, which the portal lists with its reason: the session of a
	 * failed asynchronous payment still reads "unpaid", so the event's own word is what records it.
	 */
	private void completeSubscription(Subscriptions subscriptions, PaymentOutcome outcome) {
		String failure = null;
		try {
			subscriptions.completeCheckout(outcome.sessionId());
		}
		catch (PaymentDeclinedException ex) {
			failure = ex.reason();
		}
		if (outcome.status() == PaymentStatus.FAILED) {
			failure = (outcome.failureReason() != null) ? outcome.failureReason() : "The payment failed.";
			Instant now = Instant.now();
			this.topUps.store()
				.settled(new PaymentRecord(outcome.sessionId(), outcome.customer(), PaymentKind.SUBSCRIPTION,
						this.topUps.provider().name(), PaymentStatus.FAILED, outcome.amount(), outcome.currency(), null,
						PaymentRecord.keptFailureReason(failure), now, now));
		}
		if (failure != null) {
			logger.info("Stripe checkout " + outcome.sessionId() + " for a subscription of customer "
					+ outcome.customer() + " failed: " + failure);
		}
	}

	// the session of a failed asynchronous payment still reads "unpaid", so the event's own word
	// (verified by its signature) is what records the failure
	private void recordFailure(PaymentOutcome outcome) {
		this.topUps.failed(outcome);
		logger.info("Stripe checkout " + outcome.sessionId() + " of customer " + outcome.customer() + " failed: "
				+ outcome.failureReason());
	}

}

package io.credyt.autoconfigure.portal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.TopUps;
import io.credyt.stripe.InvalidWebhookSignatureException;
import io.credyt.stripe.StripeWebhooks;

/**
 * Stripe's webhooks, at {@code credyt.payments.stripe.webhook-path}: a paid checkout is credited
 * (once, however often Stripe delivers it and whether or not the customer came back first), a
 * failed one is recorded. A webhook whose signature does not verify gets 400 and changes nothing;
 * events about anything else get 200 and are ignored.
 */
@Controller
public class StripeWebhookController {

	private static final Log logger = LogFactory.getLog(StripeWebhookController.class);

	private final StripeWebhooks webhooks;

	private final TopUps topUps;

	StripeWebhookController(StripeWebhooks webhooks, TopUps topUps) {
		this.webhooks = webhooks;
		this.topUps = topUps;
	}

	/**
	 * Handles a webhook.
	 * @param body the request body, exactly as Stripe sent it
	 * @param signature the {@code Stripe-Signature} header
	 * @return 200, or 400 when the signature does not verify
	 */
	@PostMapping("${credyt.payments.stripe.webhook-path:/billing/webhooks/stripe}")
	ResponseEntity<Void> receive(@RequestBody(required = false) byte @Nullable [] body,
			@RequestHeader(name = "Stripe-Signature", required = false) @Nullable String signature) {
		// the signature covers the bytes Stripe sent, which are UTF-8 JSON
		String payload = (body != null) ? new String(body, StandardCharsets.UTF_8) : "";
		Optional<PaymentOutcome> outcome;
		try {
			outcome = this.webhooks.handle(payload, signature);
		}
		catch (InvalidWebhookSignatureException ex) {
			logger.warn("Stripe webhook refused: " + ex.reason());
			return ResponseEntity.badRequest().build();
		}
		if (outcome.isPresent()) {
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

	// the session of a failed asynchronous payment still reads "unpaid", so the event's own word
	// (verified by its signature) is what records the failure
	private void recordFailure(PaymentOutcome outcome) {
		this.topUps.failed(outcome);
		logger.info("Stripe checkout " + outcome.sessionId() + " of customer " + outcome.customer() + " failed: "
				+ outcome.failureReason());
	}

}

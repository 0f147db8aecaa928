package io.credyt.payment;

import java.util.Optional;

/**
 * A payment provider behind top-ups: Stripe, or the built-in test provider. Amounts are in the
 * provider's currency as a {@code BigDecimal} of major units ($5.00 is {@code 5.00}).
 */
public interface PaymentProvider {

	/**
	 * A short name, e.g. {@code stripe} or {@code test}.
	 * @return the name
	 */
	String name();

	/**
	 * Whether real money moves (a live Stripe key). The test provider refuses to run when a live
	 * mode is configured.
	 * @return whether this is live mode
	 */
	boolean live();

	/**
	 * Starts a hosted checkout for a top-up.
	 * @param request who pays how much, and where to send them back
	 * @return the session and the URL to redirect the customer to
	 */
	Checkout startCheckout(CheckoutRequest request);

	/**
	 * What became of a checkout session (asked when the customer comes back, or when a webhook
	 * names it).
	 * @param sessionId the provider's session id
	 * @return the outcome, empty if the provider knows no such session
	 */
	Optional<PaymentOutcome> outcome(String sessionId);

	/**
	 * Charges a saved payment method without the customer present (auto top-up).
	 * @param charge the charge
	 * @return the outcome: succeeded, or failed with a reason
	 */
	PaymentOutcome chargeOffSession(OffSessionCharge charge);

	/**
	 * Sends money of a paid top-up back to its card. A retried request with the same idempotency
	 * key refunds once. A provider that cannot refund says so with a failed outcome; it does not
	 * throw for a refusal.
	 * @param request the payment, the amount and the idempotency key
	 * @return the outcome: succeeded (the money is on its way back) or failed with a reason
	 */
	default RefundOutcome refund(RefundRequest request) {
		return RefundOutcome.failed("The payment provider '" + name() + "' cannot refund payments.");
	}

}

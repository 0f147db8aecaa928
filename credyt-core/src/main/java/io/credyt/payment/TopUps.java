package io.credyt.payment;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

import io.credyt.InvalidRequestException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.TopUp;
import io.credyt.ledger.TopUpRequest;

/**
 * Money in: starts a checkout for an amount the {@link TopUpPolicy} allows, and credits the
 * payment once it has succeeded. Crediting is keyed by the provider's payment reference, so a
 * payment is credited exactly once however many times, and from however many threads or
 * instances, it is completed (the customer's return, a webhook, a retry).
 */
public final class TopUps {

	private final Ledger ledger;

	private final PaymentProvider provider;

	private final TopUpPolicy policy;

	/**
	 * Creates the service; fails fast when the policy names an asset or currency the ledger's
	 * catalog does not know.
	 * @param ledger the ledger to credit
	 * @param provider the payment provider
	 * @param policy what may be topped up
	 */
	public TopUps(Ledger ledger, PaymentProvider provider, TopUpPolicy policy) {
		this.ledger = Objects.requireNonNull(ledger, "ledger");
		this.provider = Objects.requireNonNull(provider, "provider");
		this.policy = Objects.requireNonNull(policy, "policy");
		ledger.catalog().asset(policy.asset());
		ledger.catalog().asset(policy.currency());
	}

	/**
	 * The policy amounts are checked against.
	 * @return the policy
	 */
	public TopUpPolicy policy() {
		return this.policy;
	}

	/**
	 * The provider payments go through.
	 * @return the provider
	 */
	public PaymentProvider provider() {
		return this.provider;
	}

	/**
	 * Starts a hosted checkout. Nothing is started when the amount is refused.
	 * @param customer the customer's external id
	 * @param amount the amount to pay, in major units of the policy's currency
	 * @param successUrl where the provider sends the customer after paying
	 * @param cancelUrl where the provider sends the customer after giving up
	 * @param saveCard whether to save the card for auto top-up
	 * @return the session and where to redirect the customer
	 * @throws InvalidRequestException if the customer is missing or the policy refuses the amount
	 */
	public Checkout start(String customer, BigDecimal amount, String successUrl, String cancelUrl, boolean saveCard) {
		requireCustomer(customer);
		this.policy.validate(amount);
		return this.provider.startCheckout(new CheckoutRequest(customer, amount, this.policy.currency(), successUrl,
				cancelUrl, saveCard, UUID.randomUUID().toString()));
	}

	/**
	 * Credits a checkout's payment if it has succeeded: at most once per payment.
	 * @param sessionId the provider's session id
	 * @return the credit, or a pending result when the payment is not done yet
	 * @throws PaymentDeclinedException if the payment failed (nothing is credited)
	 * @throws UnknownCheckoutSessionException if the provider knows no such session
	 */
	public TopUpResult complete(String sessionId) {
		if (sessionId == null || sessionId.isBlank()) {
			throw new InvalidRequestException("session", "is required");
		}
		PaymentOutcome outcome = this.provider.outcome(sessionId)
			.orElseThrow(() -> new UnknownCheckoutSessionException(sessionId));
		return credit(outcome);
	}

	/**
	 * Charges a saved card without the customer present (auto top-up) and credits the payment:
	 * at most once per idempotency key, since the provider answers a retried key with the same
	 * payment.
	 * @param customer the customer's external id
	 * @param paymentMethod the saved card's reference
	 * @param amount the amount, in major units of the policy's currency
	 * @param idempotencyKey identifies this top-up across retries
	 * @return the credit, or a pending result when the provider is still processing
	 * @throws PaymentDeclinedException if the charge failed (nothing is credited)
	 * @throws InvalidRequestException if an argument is missing or the policy refuses the amount
	 */
	public TopUpResult chargeSaved(String customer, String paymentMethod, BigDecimal amount, String idempotencyKey) {
		requireCustomer(customer);
		if (paymentMethod == null || paymentMethod.isBlank()) {
			throw new InvalidRequestException("paymentMethod", "is required");
		}
		if (idempotencyKey == null || idempotencyKey.isBlank()) {
			throw new InvalidRequestException("idempotencyKey", "is required");
		}
		this.policy.validate(amount);
		PaymentOutcome outcome = this.provider.chargeOffSession(
				new OffSessionCharge(customer, paymentMethod, amount, this.policy.currency(), idempotencyKey));
		return credit(outcome);
	}

	private TopUpResult credit(PaymentOutcome outcome) {
		return switch (outcome.status()) {
			case PENDING -> TopUpResult.pending(outcome);
			case FAILED -> throw new PaymentDeclinedException(
					(outcome.failureReason() != null) ? outcome.failureReason() : "The payment failed.");
			case SUCCEEDED -> {
				String reference = outcome.paymentReference();
				if (reference == null) {
					throw new IllegalStateException(
							"Provider '" + this.provider.name() + "' reported a payment without a reference for "
									+ outcome.sessionId());
				}
				if (!outcome.currency().equalsIgnoreCase(this.policy.currency())) {
					throw new IllegalStateException("Payment " + reference + " was made in " + outcome.currency()
							+ ", but top-ups are paid in " + this.policy.currency());
				}
				TopUp topUp = this.ledger.topUp(outcome.customer(),
						new TopUpRequest(reference, outcome.amount(), this.policy.currency(), this.policy.asset(), null));
				yield TopUpResult.credited(outcome, topUp);
			}
		};
	}

	private static void requireCustomer(String customer) {
		if (customer == null || customer.isBlank()) {
			throw new InvalidRequestException("customer", "is required");
		}
	}

}

package io.credyt.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.InvalidRequestException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.TopUp;
import io.credyt.ledger.TopUpRequest;

/**
 * Money in: starts a checkout for an amount the {@link TopUpPolicy} allows, and credits the
 * payment once it has succeeded. Crediting is keyed by the provider's payment reference, so a
 * payment is credited exactly once however many times, and from however many threads or
 * instances, it is completed (the customer's return, a webhook, a retry).
 * <p>
 * With a {@link PaymentStore}, every payment is remembered as well: pending when started, then
 * succeeded (once credited) or failed with the provider's reason; cards saved at a checkout are
 * remembered for auto top-up.
 */
public final class TopUps {

	private static final org.apache.commons.logging.Log logger = org.apache.commons.logging.LogFactory
		.getLog(TopUps.class);

	private final Ledger ledger;

	private final PaymentProvider provider;

	private final TopUpPolicy policy;

	private final PaymentStore store;

	private final PaymentListener listener;

	/**
	 * Creates the service without a payment store: payments are credited but not remembered,
	 * and no saved card is known (so auto top-up cannot be turned on). Fails fast when the
	 * policy names an asset or currency the ledger's catalog does not know.
	 * @param ledger the ledger to credit
	 * @param provider the payment provider
	 * @param policy what may be topped up
	 */
	public TopUps(Ledger ledger, PaymentProvider provider, TopUpPolicy policy) {
		this(ledger, provider, policy, NoPaymentStore.INSTANCE);
	}

	/**
	 * Creates the service; fails fast when the policy names an asset or currency the ledger's
	 * catalog does not know.
	 * @param ledger the ledger to credit
	 * @param provider the payment provider
	 * @param policy what may be topped up
	 * @param store where payments and saved cards are remembered
	 */
	public TopUps(Ledger ledger, PaymentProvider provider, TopUpPolicy policy, PaymentStore store) {
		this(ledger, provider, policy, store, PaymentListener.NONE);
	}

	/**
	 * Creates the service, telling a listener of failed payments; fails fast when the policy names
	 * an asset or currency the ledger's catalog does not know.
	 * @param ledger the ledger to credit
	 * @param provider the payment provider
	 * @param policy what may be topped up
	 * @param store where payments and saved cards are remembered
	 * @param listener hears of payments that failed (for webhooks)
	 */
	public TopUps(Ledger ledger, PaymentProvider provider, TopUpPolicy policy, PaymentStore store,
			PaymentListener listener) {
		this.ledger = Objects.requireNonNull(ledger, "ledger");
		this.provider = Objects.requireNonNull(provider, "provider");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.store = Objects.requireNonNull(store, "store");
		this.listener = Objects.requireNonNull(listener, "listener");
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
	 * Where payments and saved cards are remembered.
	 * @return the store (one that remembers nothing when the service was built without one)
	 */
	public PaymentStore store() {
		return this.store;
	}

	/**
	 * Starts a hosted checkout, remembered as a pending payment. Nothing is started when the
	 * amount is refused. Each call starts a new checkout.
	 * @param customer the customer's external id
	 * @param amount the amount to pay, in major units of the policy's currency
	 * @param successUrl where the provider sends the customer after paying
	 * @param cancelUrl where the provider sends the customer after giving up
	 * @param saveCard whether to save the card for auto top-up
	 * @return the session and where to redirect the customer
	 * @throws InvalidRequestException if the customer is missing or the policy refuses the amount
	 */
	public Checkout start(String customer, BigDecimal amount, String successUrl, String cancelUrl, boolean saveCard) {
		return start(customer, amount, successUrl, cancelUrl, saveCard, UUID.randomUUID().toString());
	}

	/**
	 * Starts a hosted checkout, remembered as a pending payment; a retried call with the same
	 * idempotency key (a form submitted twice) gets the same checkout. Nothing is started when
	 * the amount is refused.
	 * @param customer the customer's external id
	 * @param amount the amount to pay, in major units of the policy's currency
	 * @param successUrl where the provider sends the customer after paying
	 * @param cancelUrl where the provider sends the customer after giving up
	 * @param saveCard whether to save the card for auto top-up
	 * @param idempotencyKey identifies this checkout across retries, e.g. a token in the form
	 * @return the session and where to redirect the customer
	 * @throws InvalidRequestException if the customer or the key is missing or the policy refuses
	 * the amount
	 */
	public Checkout start(String customer, BigDecimal amount, String successUrl, String cancelUrl, boolean saveCard,
			String idempotencyKey) {
		requireCustomer(customer);
		InvalidRequestException.requireText(idempotencyKey, "idempotencyKey", 255);
		this.policy.validate(amount);
		Checkout checkout = this.provider.startCheckout(new CheckoutRequest(customer, amount, this.policy.currency(),
				successUrl, cancelUrl, saveCard, idempotencyKey));
		this.store.started(payment(checkout.sessionId(), customer, PaymentKind.CHECKOUT, PaymentStatus.PENDING, amount,
				null, null));
		return checkout;
	}

	/**
	 * Credits a checkout's payment if it has succeeded: at most once per payment. The payment is
	 * remembered as succeeded once credited, or as failed with the provider's reason; a card
	 * saved at the checkout is remembered for auto top-up. A checkout the store remembers as a
	 * subscription's ({@link PaymentKind#SUBSCRIPTION}) paid a plan's fee, which is never a
	 * top-up: it is refused as unknown, and nothing is credited.
	 * @param sessionId the provider's session id
	 * @return the credit, or a pending result when the payment is not done yet
	 * @throws PaymentDeclinedException if the payment failed (nothing is credited)
	 * @throws UnknownCheckoutSessionException if the provider knows no such session, or it is a
	 * subscription's
	 */
	public TopUpResult complete(String sessionId) {
		if (sessionId == null || sessionId.isBlank()) {
			throw new InvalidRequestException("session", "is required");
		}
		if (this.store.find(sessionId).filter((payment) -> payment.kind() == PaymentKind.SUBSCRIPTION).isPresent()) {
			throw new UnknownCheckoutSessionException(sessionId);
		}
		PaymentOutcome outcome = this.provider.outcome(sessionId)
			.orElseThrow(() -> new UnknownCheckoutSessionException(sessionId));
		String saved = outcome.savedPaymentMethod();
		if (saved != null) {
			this.store.paymentMethodSaved(outcome.customer(), saved);
		}
		return credit(sessionId, PaymentKind.CHECKOUT, outcome);
	}

	/**
	 * Remembers that a checkout's payment failed, as a verified notification from the provider
	 * says (Stripe's {@code checkout.session.async_payment_failed}: the session itself still
	 * reads unpaid, not failed). A payment already succeeded stays succeeded. Nothing is credited.
	 * @param outcome the failed outcome, from a verified notification
	 * @return the payment as remembered
	 * @throws InvalidRequestException if the outcome is not a failure
	 */
	public PaymentRecord failed(PaymentOutcome outcome) {
		if (outcome == null || outcome.status() != PaymentStatus.FAILED) {
			throw new InvalidRequestException("outcome", "must be a failed payment");
		}
		String reason = (outcome.failureReason() != null) ? outcome.failureReason() : "The payment failed.";
		PaymentRecord failed = this.store.settled(payment(outcome.sessionId(), outcome.customer(), PaymentKind.CHECKOUT,
				PaymentStatus.FAILED, outcome.amount(), null, reason));
		tellFailed(failed);
		return failed;
	}

	/**
	 * Charges a saved card without the customer present (auto top-up) and credits the payment:
	 * at most once per idempotency key, since the provider answers a retried key with the same
	 * payment. The payment is remembered under the idempotency key: pending before the provider
	 * is asked, then succeeded or failed.
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
		InvalidRequestException.requireText(idempotencyKey, "idempotencyKey", 255);
		this.policy.validate(amount);
		this.store.started(payment(idempotencyKey, customer, PaymentKind.AUTO_TOP_UP, PaymentStatus.PENDING, amount,
				null, null));
		PaymentOutcome outcome = this.provider.chargeOffSession(
				new OffSessionCharge(customer, paymentMethod, amount, this.policy.currency(), idempotencyKey));
		return credit(idempotencyKey, PaymentKind.AUTO_TOP_UP, outcome);
	}

	private TopUpResult credit(String id, PaymentKind kind, PaymentOutcome outcome) {
		return switch (outcome.status()) {
			case PENDING -> TopUpResult.pending(outcome);
			case FAILED -> {
				String reason = (outcome.failureReason() != null) ? outcome.failureReason() : "The payment failed.";
				PaymentRecord failed = this.store.settled(payment(id, outcome.customer(), kind, PaymentStatus.FAILED,
						outcome.amount(), null, reason));
				tellFailed(failed);
				throw new PaymentDeclinedException(reason);
			}
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
				// remembered after the credit: a crash in between leaves it pending, and the next
				// completion (the customer's return, a webhook) credits nothing twice and settles it
				this.store.settled(payment(id, outcome.customer(), kind, PaymentStatus.SUCCEEDED, outcome.amount(),
						reference, null));
				yield TopUpResult.credited(outcome, topUp);
			}
		};
	}

	/** Tells the listener of a failure it remembered; a listener's own failure changes nothing. */
	private void tellFailed(PaymentRecord failed) {
		if (failed.status() != PaymentStatus.FAILED) {
			return;
		}
		try {
			this.listener.failed(failed);
		}
		catch (RuntimeException ex) {
			logger.warn("A payment listener failed on payment " + failed.id(), ex);
		}
	}

	private PaymentRecord payment(String id, String customer, PaymentKind kind, PaymentStatus status,
			BigDecimal amount, @Nullable String reference, @Nullable String failureReason) {
		// the store stamps its own times; these only fill the record
		Instant now = Instant.now();
		return new PaymentRecord(id, customer, kind, this.provider.name(), status, amount, this.policy.currency(),
				reference, failureReason, now, now);
	}

	private static void requireCustomer(String customer) {
		if (customer == null || customer.isBlank()) {
			throw new InvalidRequestException("customer", "is required");
		}
	}

}

package io.credyt.jdbc;

import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DuplicateKeyException;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.ledger.TopUpRequest;
import io.credyt.payment.Checkout;
import io.credyt.payment.CheckoutRequest;
import io.credyt.payment.PaymentDeclinedException;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.UnknownCheckoutSessionException;
import io.credyt.subscription.FeeSource;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionCharge;
import io.credyt.subscription.SubscriptionStatus;

/**
 * The checkout side of {@link JdbcSubscriptions}: a subscription's first fee paid at a hosted
 * checkout, and its activation once the payment has succeeded.
 */
final class SubscriptionCheckouts {

	private static final Log logger = LogFactory.getLog(SubscriptionCheckouts.class);

	private final JdbcSubscriptions service;

	SubscriptionCheckouts(JdbcSubscriptions service) {
		this.service = service;
	}

	Checkout start(String customer, String plan, String successUrl, String cancelUrl,
			String idempotencyKey) {
		SubscriptionPlan chosen = this.service.catalog.plan(plan);
		String key = JdbcSubscriptions.validKey(idempotencyKey);
		CustomerStore.validCustomer(customer);
		PaymentProvider provider = this.service.requireProvider();
		if (chosen.fee().signum() == 0) {
			throw new InvalidRequestException("plan", "'" + chosen.code() + "' is free: subscribe without a checkout");
		}
		Instant now = this.service.actions.now();
		long customerId = this.service.stores.customers().id(customer, now);
		completeAbandoned(customerId);
		JdbcSubscriptions.requireNoneLive(this.service.store.find(customerId));
		String description = chosen.name() + " subscription, "
				+ this.service.catalog.asset(chosen.currency()).format(chosen.fee(), RoundingMode.HALF_UP) + " a "
				+ chosen.interval().label();
		Checkout checkout = provider.startCheckout(new CheckoutRequest(customer, chosen.fee(), chosen.currency(),
				successUrl, cancelUrl, true, "credyt-subscription-" + OperatorActions.fingerprint(customer, key),
				description));
		this.service.payments.started(this.service.payment(checkout.sessionId(), customer, PaymentStatus.PENDING, chosen.fee(),
				chosen.currency(), null, null, now));
		this.service.transactions.run(() -> {
			this.service.actions.lockAccounts(customerId, now);
			Optional<SubscriptionStore.Row> row = this.service.store.lock(customerId);
			if (row.isPresent() && checkout.sessionId().equals(row.get().checkoutSession())) {
				return null;
			}
			JdbcSubscriptions.requireNoneLive(row);
			this.service.store.start(customerId, row.isPresent(), UUID.randomUUID(), chosen.code(),
					SubscriptionStatus.INCOMPLETE, FeeSource.CARD, checkout.sessionId(), now);
			return null;
		});
		return checkout;
	}

	Subscription complete(String sessionId) {
		InvalidRequestException.requireText(sessionId, "session", 255);
		SubscriptionStore.Row row = this.service.store.bySession(sessionId).orElse(null);
		if (row == null) {
			return replaced(sessionId);
		}
		Subscription subscription = row.subscription();
		if (!awaitsFirstFee(subscription)) {
			return subscription;
		}
		PaymentProvider provider = this.service.requireProvider();
		PaymentOutcome outcome = provider.outcome(sessionId)
			.orElseThrow(() -> new UnknownCheckoutSessionException(sessionId));
		Instant now = this.service.actions.now();
		switch (outcome.status()) {
			case PENDING -> {
				return subscription;
			}
			case FAILED -> {
				String reason = (outcome.failureReason() != null) ? outcome.failureReason() : "The payment failed.";
				this.service.payments.settled(this.service.payment(sessionId, subscription.customer(), PaymentStatus.FAILED, outcome.amount(),
						outcome.currency(), null, reason, now));
				throw new PaymentDeclinedException(reason);
			}
			default -> {
			}
		}
		String reference = JdbcSubscriptions.requireReference(outcome);
		if (outcome.savedPaymentMethod() != null) {
			this.service.payments.paymentMethodSaved(subscription.customer(), outcome.savedPaymentMethod());
		}
		SubscriptionPlan plan = this.service.catalog.plan(subscription.plan());
		long customerId = row.customerId();
		Subscription activated;
		try {
			activated = this.service.inTransaction(subscription.customer(), customerId, plan.currency(), now, (accounts, events) -> {
				SubscriptionStore.Row locked = this.service.store.lock(customerId).orElseThrow();
				if (!sessionId.equals(locked.checkoutSession())) {
					return null;
				}
				if (!awaitsFirstFee(locked.subscription())) {
					return locked.subscription();
				}
				this.service.ledger.beginPeriod(customerId, subscription.customer(), subscription.id(), plan, SubscriptionCharge.Kind.FIRST,
						FeeSource.CARD, reference, now, plan.interval().periodEnd(now), outcome.amount(),
						outcome.amount(), outcome.savedPaymentMethod(), now);
				return this.service.announced(customerId, "activated", events);
			});
		}
		catch (DuplicateKeyException ex) {
			// the customer's return and the provider's notification activated it at the same moment
			activated = this.service.current(customerId);
		}
		if (activated == null) {
			// a new start replaced the subscription while this payment was being made
			creditToWallet(subscription.customer(), outcome, reference, now);
			return this.service.current(customerId);
		}
		this.service.payments.settled(this.service.payment(sessionId, subscription.customer(), PaymentStatus.SUCCEEDED,
				outcome.amount(), outcome.currency(), reference, null, now));
		return activated;
	}

	/**
	 * A subscription checkout whose subscription a new start replaced: if it was paid after all,
	 * the money is credited to the wallet as paid value (once: keyed by the payment), never kept
	 * for nothing.
	 */
	private Subscription replaced(String sessionId) {
		PaymentRecord started = this.service.payments.find(sessionId)
			.filter((payment) -> payment.kind() == PaymentKind.SUBSCRIPTION)
			.orElseThrow(() -> new UnknownCheckoutSessionException(sessionId));
		PaymentOutcome outcome = this.service.requireProvider()
			.outcome(sessionId)
			.filter((paid) -> paid.status() == PaymentStatus.SUCCEEDED)
			.orElseThrow(() -> new UnknownCheckoutSessionException(sessionId));
		creditToWallet(started.customer(), outcome, JdbcSubscriptions.requireReference(outcome), this.service.actions.now());
		return this.service.subscription(started.customer())
			.orElseThrow(() -> new UnknownCheckoutSessionException(sessionId));
	}

	/** Credits a subscription payment that paid for nothing to the wallet, as a top-up would. */
	void creditToWallet(String customer, PaymentOutcome outcome, String reference, Instant now) {
		logger.warn("Subscription payment " + reference + " of customer " + customer
				+ " came after its subscription was replaced: crediting it to the wallet");
		this.service.credits.topUp(customer,
				new TopUpRequest(reference, outcome.amount(), outcome.currency(), outcome.currency(), null), now);
		this.service.payments.settled(this.service.payment(outcome.sessionId(), customer, PaymentStatus.SUCCEEDED,
				outcome.amount(), outcome.currency(), reference, null, now));
	}

	/**
	 * Whether a subscription started at a checkout still waits for its first fee: incomplete, or
	 * cancelled before it was ever paid (a customer who cancelled, then paid in another tab, gets
	 * what they paid for).
	 */
	private static boolean awaitsFirstFee(Subscription subscription) {
		return subscription.status() == SubscriptionStatus.INCOMPLETE
				|| (subscription.status() == SubscriptionStatus.CANCELED && subscription.periodStart() == null);
	}

	boolean isSubscriptionCheckout(String sessionId) {
		if (sessionId == null || sessionId.isBlank()) {
			return false;
		}
		return this.service.store.bySession(sessionId).isPresent() || this.service.payments.find(sessionId)
			.map((payment) -> payment.kind() == PaymentKind.SUBSCRIPTION)
			.orElse(false);
	}

	/**
	 * Before a new start: an incomplete subscription whose checkout was paid after all becomes active
	 * (and the new start is refused); one whose checkout was not paid may be replaced.
	 */
	void completeAbandoned(long customerId) {
		Optional<SubscriptionStore.Row> row = this.service.store.find(customerId);
		if (this.service.provider == null || row.isEmpty() || row.get().checkoutSession() == null
				|| row.get().subscription().status() != SubscriptionStatus.INCOMPLETE) {
			return;
		}
		try {
			complete(row.get().checkoutSession());
		}
		catch (PaymentDeclinedException | UnknownCheckoutSessionException ex) {
			// not paid: the incomplete subscription is replaced by the new start
			logger.debug("The earlier checkout of customer " + customerId + " was not paid: " + ex.getMessage());
		}
	}

}

package io.credyt.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.TopUpRequest;
import io.credyt.money.Money;
import io.credyt.payment.OffSessionCharge;
import io.credyt.payment.PaymentDeclinedException;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStatus;
import io.credyt.subscription.FeeSource;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionCharge;
import io.credyt.subscription.SubscriptionStateException;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.UnknownSubscriptionException;

/** An upgrade: the new fee collected, the unused part of the current fee credited, a new period. */
final class SubscriptionUpgrade {

	private final JdbcSubscriptions service;


	private final SubscriptionStore.Row row;

	private final SubscriptionPlan current;

	private final SubscriptionPlan target;

	private final String key;

	private final String fingerprint;

	private final Instant now;

	SubscriptionUpgrade(JdbcSubscriptions service, SubscriptionStore.Row row, SubscriptionPlan current, SubscriptionPlan target, String key,
			String fingerprint, Instant now) {
		this.service = service;
		this.row = row;
		this.current = current;
		this.target = target;
		this.key = key;
		this.fingerprint = fingerprint;
		// a period starts once per instant: an upgrade at the very instant its period began starts a
		// microsecond on
		this.now = now.equals(row.subscription().periodStart()) ? now.plus(1, java.time.temporal.ChronoUnit.MICROS)
				: now;
	}

	Subscription run() {
		Subscription subscription = this.row.subscription();
		String customer = subscription.customer();
		String reference = null;
		if (subscription.source() == FeeSource.CARD && this.target.fee().signum() > 0) {
			reference = chargeCard(subscription);
		}
		String paymentReference = reference;
		Subscription changed;
		try {
			changed = this.service.changing(customer, this.row.customerId(), this.key, this.fingerprint,
					this.target.currency(), (accounts, events) -> apply(accounts, events, paymentReference));
		}
		catch (SubscriptionStateException | UnknownSubscriptionException ex) {
			if (paymentReference != null) {
				// the subscription changed while the card was charged: the money is the customer's
				this.service.credits.topUp(customer, new TopUpRequest(paymentReference, this.target.fee(),
						this.target.currency(), this.target.currency(), null), this.now);
				this.service.payments.settled(this.service.payment(paymentKey(), customer, PaymentStatus.SUCCEEDED,
						this.target.fee(), this.target.currency(), paymentReference, null, this.now));
			}
			throw ex;
		}
		if (paymentReference != null) {
			this.service.payments.settled(this.service.payment(paymentKey(), customer, PaymentStatus.SUCCEEDED,
					this.target.fee(), this.target.currency(), paymentReference, null, this.now));
		}
		return changed;
	}

	private Subscription apply(Map<String, AccountStore.AccountRow> accounts, List<LedgerEvent> events,
			@Nullable String paymentReference) {
		long customerId = this.row.customerId();
		Subscription locked = this.service.lockOwned(this.row).subscription();
		if (locked.status() != SubscriptionStatus.ACTIVE || !locked.plan().equals(this.current.code())
				|| locked.cancelAtPeriodEnd()) {
			throw new SubscriptionStateException(locked.status(), "The subscription changed meanwhile");
		}
		String customer = locked.customer();
		UUID id = locked.id();
		BigDecimal credited = credit(accounts, locked, events);
		Instant end = this.target.interval().periodEnd(this.now);
		BigDecimal revenue;
		if (locked.source() == FeeSource.CARD && this.target.fee().signum() > 0) {
			revenue = this.target.fee();
		}
		else {
			// the wallet as it is after the credit pays the new fee: the credit's grant moved the
			// locked account's balance in place
			revenue = this.service.ledger.payFromWallet(accounts, customer, this.target, id, this.now, this.now,
					events);
		}
		this.service.store.expireAllowances(customerId, id, this.now);
		this.service.ledger.beginPeriod(customerId, customer, id, this.target, SubscriptionCharge.Kind.UPGRADE, locked.source(),
				paymentReference, this.now, end, this.target.fee(), revenue, null, this.now);
		this.service.store.recordChange(customerId, this.key, id, "UPGRADE", this.fingerprint,
				this.current.code(), this.target.code(), credited, this.now);
		return this.service.announced(customerId, "upgraded", events);
	}

	/**
	 * Credits the unused part of the current period's fee, by time to the microsecond, rounded to
	 * the currency's precision: what was revenue as paid value, the rest as promotional value.
	 */
	private BigDecimal credit(Map<String, AccountStore.AccountRow> accounts, Subscription locked,
			List<LedgerEvent> events) {
		Instant start = locked.periodStart();
		Instant end = locked.periodEnd();
		if (start == null || end == null || !end.isAfter(this.now)) {
			return Money.zero();
		}
		SubscriptionCharge charge = this.service.store.periodCharge(locked.id(), start).orElse(null);
		if (charge == null || charge.amount().signum() == 0) {
			return Money.zero();
		}
		BigDecimal whole = BigDecimal.valueOf(java.time.temporal.ChronoUnit.MICROS.between(start, end));
		BigDecimal unused = BigDecimal.valueOf(java.time.temporal.ChronoUnit.MICROS.between(this.now, end));
		int precision = this.service.catalog.asset(charge.currency()).precision();
		BigDecimal paid = charge.revenue().multiply(unused).divide(whole, precision, RoundingMode.HALF_UP);
		BigDecimal free = charge.amount().subtract(charge.revenue()).multiply(unused).divide(whole, precision,
				RoundingMode.HALF_UP);
		String reference = "subscription:" + locked.id() + ":credit:" + this.now.getEpochSecond();
		this.service.stores.accounts().createIfAbsent(this.row.customerId(), charge.currency(), this.now);
		Map<String, AccountStore.AccountRow> locks = accounts.containsKey(charge.currency()) ? accounts
				: this.service.actions.lockAccounts(this.row.customerId(), this.now);
		AccountStore.AccountRow account = locks.get(charge.currency());
		if (paid.signum() > 0) {
			this.service.credits.applyAdjustment(account, locked.customer(),
					new AdjustmentRequest(charge.currency(), paid, AdjustmentReason.SUBSCRIPTION_CREDIT, reference,
							GrantPurpose.PAID, "Unused part of the " + this.current.name() + " fee"),
					UUID.randomUUID(), null, null, false, this.now, events);
		}
		if (free.signum() > 0) {
			this.service.credits.applyAdjustment(account, locked.customer(),
					new AdjustmentRequest(charge.currency(), free, AdjustmentReason.SUBSCRIPTION_CREDIT,
							reference + ":promotional", GrantPurpose.PROMOTIONAL,
							"Unused part of the " + this.current.name() + " fee"),
					UUID.randomUUID(), null, null, false, this.now, events);
		}
		return paid.add(free);
	}

	/** Charges the saved card for the new fee; a retried request with the same key charges once. */
	private String chargeCard(Subscription subscription) {
		PaymentProvider provider = this.service.requireProvider();
		String card = subscription.paymentMethod();
		if (card == null) {
			throw new InvalidRequestException("paymentMethod", "the subscription has no saved card to charge");
		}
		String paymentKey = paymentKey();
		this.service.payments.started(this.service.payment(paymentKey, subscription.customer(), PaymentStatus.PENDING,
				this.target.fee(), this.target.currency(), null, null, this.now));
		PaymentOutcome outcome = provider.chargeOffSession(new OffSessionCharge(subscription.customer(), card,
				this.target.fee(), this.target.currency(), paymentKey));
		if (outcome.status() == PaymentStatus.SUCCEEDED) {
			return JdbcSubscriptions.requireReference(outcome);
		}
		String reason = (outcome.status() == PaymentStatus.PENDING)
				? "The payment is still processing: try again in a moment."
				: ((outcome.failureReason() != null) ? outcome.failureReason() : "The payment failed.");
		if (outcome.status() == PaymentStatus.FAILED) {
			this.service.payments.settled(this.service.payment(paymentKey, subscription.customer(),
					PaymentStatus.FAILED, this.target.fee(), this.target.currency(), null, reason, this.now));
		}
		throw new PaymentDeclinedException(reason);
	}

	private String paymentKey() {
		return "credyt-subscription-upgrade-"
				+ OperatorActions.fingerprint(Long.toString(this.row.customerId()), this.key);
	}

}

package io.credyt.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;

import io.credyt.catalog.SubscriptionPlan;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.payment.OffSessionCharge;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.subscription.FeeSource;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionCharge;

/** One renewal, claimed by this instance. */
final class SubscriptionRenewal {

	private static final Log logger = LogFactory.getLog(SubscriptionRenewal.class);

	private final JdbcSubscriptions service;


	private final SubscriptionStore.Row row;

	private final String key;

	private final Instant now;

	SubscriptionRenewal(JdbcSubscriptions service, SubscriptionStore.Row row, String key, Instant now) {
		this.service = service;
		this.row = row;
		this.key = key;
		this.now = now;
	}

	void run() {
		Subscription subscription = this.row.subscription();
		long customerId = this.row.customerId();
		Instant periodEnd = java.util.Objects.requireNonNull(subscription.periodEnd());
		if (subscription.cancelAtPeriodEnd()) {
			end(subscription, null, periodEnd);
			return;
		}
		String code = (subscription.nextPlan() != null) ? subscription.nextPlan() : subscription.plan();
		SubscriptionPlan plan = this.service.catalog.findPlan(code).orElse(null);
		if (plan == null) {
			end(subscription, "The plan is no longer offered.", this.now);
			return;
		}
		// periods follow one another; one that would already be over (renewals did not run for a
		// whole period) starts now instead
		Instant start = periodEnd;
		Instant end = plan.interval().periodEnd(start);
		if (!end.isAfter(this.now)) {
			start = this.now;
			end = plan.interval().periodEnd(start);
		}
		if (subscription.source() == FeeSource.WALLET || plan.fee().signum() == 0) {
			renewFromWallet(subscription, plan, start, end);
		}
		else {
			renewByCard(subscription, plan, start, end);
		}
	}

	private void renewFromWallet(Subscription subscription, SubscriptionPlan plan, Instant start, Instant end) {
		try {
			record(subscription, plan, start, end, FeeSource.WALLET, null, null);
		}
		catch (InsufficientBalanceException ex) {
			failed(subscription, "Your balance does not cover the " + plan.name() + " fee of "
					+ this.service.catalog.asset(plan.currency()).format(plan.fee(), RoundingMode.HALF_UP)
					+ ".");
		}
	}

	private void renewByCard(Subscription subscription, SubscriptionPlan plan, Instant start, Instant end) {
		String card = subscription.paymentMethod();
		PaymentProvider provider = this.service.provider;
		if (card == null || provider == null) {
			failed(subscription, (card == null) ? "There is no saved card to charge." : "No payment provider is configured.");
			return;
		}
		PaymentStore payments = this.service.payments;
		payments.started(this.service.payment(this.key, subscription.customer(), PaymentStatus.PENDING, plan.fee(),
				plan.currency(), null, null, this.now));
		PaymentOutcome outcome = provider.chargeOffSession(
				new OffSessionCharge(subscription.customer(), card, plan.fee(), plan.currency(), this.key));
		switch (outcome.status()) {
			case PENDING -> this.service.store.unclaim(this.row.customerId(), this.key,
					this.now.plus(this.service.options.staleClaimAfter()), this.now);
			case FAILED -> {
				String reason = (outcome.failureReason() != null) ? outcome.failureReason() : "The payment failed.";
				payments.settled(this.service.payment(this.key, subscription.customer(), PaymentStatus.FAILED, plan.fee(),
						plan.currency(), null, reason, this.now));
				failed(subscription, reason);
			}
			case SUCCEEDED -> {
				String reference = JdbcSubscriptions.requireReference(outcome);
				try {
					record(subscription, plan, start, end, FeeSource.CARD, reference, outcome.amount());
				}
				catch (DuplicateKeyException ex) {
					// an instance that took the claim over recorded this payment already
					logger.debug("Renewal payment " + reference + " was recorded already");
				}
				payments.settled(this.service.payment(this.key, subscription.customer(), PaymentStatus.SUCCEEDED, outcome.amount(),
						plan.currency(), reference, null, this.now));
			}
		}
	}

	/** The renewed period, in one transaction, if this instance still holds the claim. */
	private void record(Subscription subscription, SubscriptionPlan plan, Instant start, Instant end,
			FeeSource source, @Nullable String reference, @Nullable BigDecimal paid) {
		long customerId = this.row.customerId();
		this.service.inTransaction(subscription.customer(), customerId, plan.currency(), this.now, (accounts, events) -> {
			SubscriptionStore.Row locked = this.service.lockOwned(this.row);
			if (!this.key.equals(locked.claimKey())) {
				return locked.subscription();
			}
			BigDecimal amount = (paid != null) ? paid : plan.fee();
			BigDecimal revenue = (source == FeeSource.CARD) ? amount
					: this.service.ledger.payFromWallet(accounts, subscription.customer(), plan, subscription.id(), start, this.now, events);
			this.service.ledger.beginPeriod(customerId, subscription.customer(), subscription.id(), plan,
					SubscriptionCharge.Kind.RENEWAL, source, reference, start, end, amount, revenue, null, this.now);
			return this.service.announced(customerId, "renewed", events);
		});
	}

	/** Ends the subscription, telling the ledger's listeners. */
	private void end(Subscription subscription, @Nullable String reason, Instant endedAt) {
		long customerId = this.row.customerId();
		this.service.inTransaction(subscription.customer(), customerId, io.credyt.money.Asset.USD.code(), this.now,
				(accounts, events) -> {
					this.service.store.end(customerId, subscription.id(), reason, endedAt, this.now);
					return this.service.announced(customerId, "canceled", events);
				});
	}

	/** Past due until the next retry of the schedule, or cancelled after the last. */
	private void failed(Subscription subscription, String reason) {
		int attempts = subscription.failedAttempts() + 1;
		List<Duration> retries = this.service.options.retrySchedule();
		Instant retryAt = null;
		if (attempts <= retries.size()) {
			Instant scheduled = java.util.Objects.requireNonNull(subscription.periodEnd()).plus(retries.get(attempts - 1));
			retryAt = scheduled.isAfter(this.now) ? scheduled : this.now;
		}
		long customerId = this.row.customerId();
		boolean retried = retryAt != null;
		Instant next = retryAt;
		this.service.inTransaction(subscription.customer(), customerId, io.credyt.money.Asset.USD.code(), this.now,
				(accounts, events) -> {
					if (!this.service.store.failed(customerId, this.key, attempts, next, reason, this.now)) {
						// another instance took the renewal over meanwhile: what it did stands
						return this.service.current(customerId);
					}
					return this.service.announced(customerId, retried ? "past_due" : "canceled", events);
				});
	}

}

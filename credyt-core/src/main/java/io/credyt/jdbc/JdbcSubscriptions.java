package io.credyt.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import io.credyt.InvalidRequestException;
import io.credyt.adjust.ActionConflictException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.Checkout;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.subscription.FeeSource;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionCharge;
import io.credyt.subscription.SubscriptionOptions;
import io.credyt.subscription.SubscriptionStateException;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.SubscriptionSummary;
import io.credyt.subscription.Subscriptions;
import io.credyt.subscription.UnknownSubscriptionException;
import io.credyt.transaction.RetryingTransactions;

/**
 * {@link Subscriptions} on the ledger's database.
 * <p>
 * Every change that moves value or changes what the customer pays runs in one transaction that
 * locks the customer's accounts first (the order every ledger transaction takes), then the
 * subscription's row: usage batches read the customer's plan behind the same account locks, so a
 * usage is priced either before a change or after it. A fee paid from the wallet is a
 * {@link AdjustmentReason#SUBSCRIPTION_FEE} adjustment in that transaction; a fee paid by card is
 * collected before it, under an idempotency key derived from the subscription and the period, and
 * recorded in it. A period's fee is one row of {@code credyt_subscription_charge}, unique per
 * subscription and period start and per payment reference, so a period is charged once however
 * many instances renew it.
 * <p>
 * Renewals are claimed one subscription at a time with a guarded {@code UPDATE}; a claim left by
 * an instance that died is taken over after {@link SubscriptionOptions#staleClaimAfter()}, and
 * the charge retried with the same key, so the provider answers with the payment it made, if any.
 */
public final class JdbcSubscriptions implements Subscriptions {

	private static final Log logger = LogFactory.getLog(JdbcSubscriptions.class);

	/** What each change made at a period's end is announced as. */
	private static final Map<String, String> SCHEDULED = Map.of("DOWNGRADE", "downgrade_scheduled", "KEEP",
			"downgrade_undone", "CANCEL", "cancel_scheduled", "REACTIVATE", "reactivated");

	final Stores stores;

	final RetryingTransactions transactions;

	final OperatorActions actions;

	final CreditOperations credits;

	final SubscriptionStore store;

	final SubscriptionLedger ledger;

	private final SubscriptionCheckouts checkouts;

	final Catalog catalog;

	final PaymentStore payments;

	final @Nullable PaymentProvider provider;

	final SubscriptionOptions options;

	/**
	 * The service on the ledger's database.
	 * @param dataSource the ledger's database
	 * @param transactionManager its transaction manager
	 * @param catalog the ledger's products, assets and plans
	 * @param options the ledger's options
	 * @param clock the time
	 * @param listener hears every ledger change before it commits
	 * @param payments where payments and saved cards are remembered
	 * @param provider the payment provider for card payments, or {@code null} (then only the wallet
	 * pays)
	 * @param subscriptionOptions the renewal retry schedule
	 */
	public JdbcSubscriptions(DataSource dataSource, PlatformTransactionManager transactionManager, Catalog catalog,
			LedgerOptions options, Clock clock, LedgerEventListener listener, PaymentStore payments,
			@Nullable PaymentProvider provider, SubscriptionOptions subscriptionOptions) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		this.transactions = new RetryingTransactions(transactionManager, options.maxRetries());
		this.stores = Stores.create(jdbc, new NamedParameterJdbcTemplate(jdbc), Dialect.of(dataSource).statements(),
				this.transactions, options);
		this.credits = new CreditOperations(this.stores, this.transactions, catalog, listener);
		this.actions = new OperatorActions(jdbc, this.stores, this.transactions, this.credits, listener, clock);
		this.store = new SubscriptionStore(jdbc);
		this.ledger = new SubscriptionLedger(this.stores, this.credits, this.store);
		this.checkouts = new SubscriptionCheckouts(this);
		this.catalog = catalog;
		this.payments = payments;
		this.provider = provider;
		this.options = subscriptionOptions;
	}

	/**
	 * The service with the default options, no listener, and the wallet as the only way to pay.
	 * @param dataSource the ledger's database
	 * @param catalog the ledger's products, assets and plans
	 * @param clock the time
	 * @param payments where payments are remembered
	 */
	public JdbcSubscriptions(DataSource dataSource, Catalog catalog, Clock clock, PaymentStore payments) {
		this(dataSource, new DataSourceTransactionManager(dataSource), catalog, LedgerOptions.defaults(), clock,
				LedgerEventListener.NONE, payments, null, SubscriptionOptions.defaults());
	}

	@Override
	public List<SubscriptionPlan> plans() {
		return List.copyOf(this.catalog.plans());
	}

	@Override
	public Optional<Subscription> subscription(String customer) {
		Long customerId = this.actions.knownCustomer(customer);
		return (customerId != null) ? this.store.find(customerId).map(SubscriptionStore.Row::subscription)
				: Optional.empty();
	}

	// ------------------------------------------------------------------ subscribing

	@Override
	public Subscription subscribeWithWallet(String customer, String plan, String idempotencyKey) {
		SubscriptionPlan chosen = this.catalog.plan(plan);
		String key = validKey(idempotencyKey);
		CustomerStore.validCustomer(customer);
		Instant now = this.actions.now();
		long customerId = this.stores.customers().id(customer, now);
		this.checkouts.completeAbandoned(customerId);
		String fingerprint = OperatorActions.fingerprint("subscribe", chosen.code());
		return changing(customer, customerId, key, fingerprint, chosen.currency(), (accounts, events) -> {
			Optional<SubscriptionStore.Row> row = this.store.lock(customerId);
			requireNoneLive(row);
			UUID id = UUID.randomUUID();
			this.store.start(customerId, row.isPresent(), id, chosen.code(), SubscriptionStatus.INCOMPLETE,
					FeeSource.WALLET, null, now);
			Instant end = chosen.interval().periodEnd(now);
			BigDecimal revenue = this.ledger.payFromWallet(accounts, customer, chosen, id, now, now, events);
			this.ledger.beginPeriod(customerId, customer, id, chosen, SubscriptionCharge.Kind.FIRST, FeeSource.WALLET, null, now, end,
					chosen.fee(), revenue, null, now);
			this.store.recordChange(customerId, key, id, "SUBSCRIBE", fingerprint, null, chosen.code(), null, now);
			return announced(customerId, "activated", events);
		});
	}

	@Override
	public Checkout startCheckout(String customer, String plan, String successUrl, String cancelUrl,
			String idempotencyKey) {
		return this.checkouts.start(customer, plan, successUrl, cancelUrl, idempotencyKey);
	}

	@Override
	public Subscription completeCheckout(String sessionId) {
		return this.checkouts.complete(sessionId);
	}

	@Override
	public boolean isSubscriptionCheckout(String sessionId) {
		return this.checkouts.isSubscriptionCheckout(sessionId);
	}


	// ------------------------------------------------------------------ changes

	@Override
	public Subscription changePlan(String customer, UUID subscriptionId, String plan, String idempotencyKey) {
		SubscriptionPlan target = this.catalog.plan(plan);
		String key = validKey(idempotencyKey);
		SubscriptionStore.Row row = owned(customer, subscriptionId);
		long customerId = row.customerId();
		String fingerprint = OperatorActions.fingerprint("change", subscriptionId.toString(), target.code());
		Subscription replay = replayed(customerId, key, fingerprint);
		if (replay != null) {
			return replay;
		}
		Subscription subscription = row.subscription();
		if (subscription.status() != SubscriptionStatus.ACTIVE) {
			throw new SubscriptionStateException(subscription.status(), "Only an active subscription can change plan");
		}
		SubscriptionPlan current = this.catalog.plan(subscription.plan());
		Instant now = this.actions.now();
		if (target.code().equals(current.code())) {
			if (subscription.nextPlan() == null) {
				throw new SubscriptionStateException(subscription.status(), "The subscription is on that plan already");
			}
			return schedule(customer, row, key, fingerprint, "KEEP", subscription.cancelAtPeriodEnd(), null, now);
		}
		if (subscription.cancelAtPeriodEnd()) {
			throw new SubscriptionStateException(subscription.status(),
					"The subscription ends at the period's end: reactivate it before changing plan");
		}
		if (!current.isUpgradeTo(target)) {
			return schedule(customer, row, key, fingerprint, "DOWNGRADE", false, target.code(), now);
		}
		return new SubscriptionUpgrade(this, row, current, target, key, fingerprint, now).run();
	}

	@Override
	public Subscription cancel(String customer, UUID subscriptionId, String idempotencyKey) {
		String key = validKey(idempotencyKey);
		SubscriptionStore.Row row = owned(customer, subscriptionId);
		String fingerprint = OperatorActions.fingerprint("cancel", subscriptionId.toString());
		Subscription replay = replayed(row.customerId(), key, fingerprint);
		if (replay != null) {
			return replay;
		}
		Subscription subscription = row.subscription();
		Instant now = this.actions.now();
		if (subscription.status() == SubscriptionStatus.ACTIVE) {
			return schedule(customer, row, key, fingerprint, "CANCEL", true, null, now);
		}
		if (subscription.status() == SubscriptionStatus.CANCELED) {
			throw new SubscriptionStateException(subscription.status(), "The subscription has ended");
		}
		// not paid for: nothing to keep until a period's end
		return changing(customer, row.customerId(), key, fingerprint, io.credyt.money.Asset.USD.code(), (accounts, events) -> {
			SubscriptionStore.Row locked = lockOwned(row);
			this.store.end(row.customerId(), subscriptionId, null, now, now);
			this.store.recordChange(row.customerId(), key, subscriptionId, "CANCEL", fingerprint,
					locked.subscription().plan(), null, null, now);
			return announced(row.customerId(), "canceled", events);
		});
	}

	@Override
	public Subscription reactivate(String customer, UUID subscriptionId, String idempotencyKey) {
		String key = validKey(idempotencyKey);
		SubscriptionStore.Row row = owned(customer, subscriptionId);
		String fingerprint = OperatorActions.fingerprint("reactivate", subscriptionId.toString());
		Subscription replay = replayed(row.customerId(), key, fingerprint);
		if (replay != null) {
			return replay;
		}
		Subscription subscription = row.subscription();
		if (subscription.status() != SubscriptionStatus.ACTIVE
				|| (!subscription.cancelAtPeriodEnd() && subscription.nextPlan() == null)) {
			throw new SubscriptionStateException(subscription.status(),
					"Only an active subscription that is cancelled or changing at its period's end can be reactivated");
		}
		return schedule(customer, row, key, fingerprint, "REACTIVATE", false, null, this.actions.now());
	}

	// ------------------------------------------------------------------ renewals

	@Override
	public int renewDue(int limit) {
		if (limit < 1) {
			throw new InvalidRequestException("limit", "must be positive, was " + limit);
		}
		Instant now = this.actions.now();
		Instant staleBefore = now.minus(this.options.staleClaimAfter());
		int handled = 0;
		for (SubscriptionStore.Row row : this.store.due(now, staleBefore, limit)) {
			Subscription subscription = row.subscription();
			long customerId = row.customerId();
			if (subscription.periodEnd() == null) {
				continue;
			}
			// the same key for the same attempt: an instance taking over a dead one's claim charges once
			String key = "credyt-subscription-" + subscription.id() + "-"
					+ subscription.periodEnd().getEpochSecond() + "-" + subscription.failedAttempts();
			if (!this.store.claim(customerId, subscription.id(), key, now, staleBefore)) {
				continue;
			}
			try {
				new SubscriptionRenewal(this, row, key, now).run();
				handled++;
			}
			catch (RuntimeException ex) {
				logger.warn("Renewing the subscription " + subscription.id() + " failed; trying again in "
						+ this.options.staleClaimAfter(), ex);
				this.store.unclaim(customerId, key, now.plus(this.options.staleClaimAfter()), now);
			}
		}
		return handled;
	}

	// ------------------------------------------------------------------ reads

	@Override
	public List<SubscriptionCharge> charges(String customer) {
		Long customerId = this.actions.knownCustomer(customer);
		return (customerId != null) ? this.store.charges(customerId) : List.of();
	}

	@Override
	public Page<Subscription> subscriptions(@Nullable SubscriptionStatus status, PageRequest page) {
		return this.store.page(status, page);
	}

	@Override
	public SubscriptionSummary summary() {
		Map<String, BigDecimal> mrr = new LinkedHashMap<>();
		this.store.activeByPlan().forEach((code, count) -> {
			this.catalog.findPlan(code)
				.ifPresent((plan) -> mrr.merge(plan.currency(), plan.monthlyFee().multiply(BigDecimal.valueOf(count)),
						BigDecimal::add));
		});
		mrr.replaceAll((currency, amount) -> amount.setScale(this.catalog.asset(currency).precision(),
				RoundingMode.HALF_UP));
		return new SubscriptionSummary(this.store.counts(), mrr);
	}

	// ------------------------------------------------------------------ the parts

	/** Runs work in a transaction with the customer's accounts locked, telling the ledger's listeners. */
	<T> T inTransaction(String customer, long customerId, String currency, Instant now, AccountsWork<T> work) {
		return this.transactions.run(() -> {
			this.stores.accounts().createIfAbsent(customerId, currency, now);
			Map<String, AccountStore.AccountRow> accounts = this.actions.lockAccounts(customerId, now);
			Map<String, BigDecimal> before = OperatorActions.available(accounts);
			List<LedgerEvent> events = new ArrayList<>();
			T result = work.run(accounts, events);
			this.actions.committing(customer, customerId, before, events);
			return result;
		});
	}

	/**
	 * A change asked for under an idempotency key, in a transaction: the same key again (also from a
	 * concurrent request) answers with the subscription as it is; the key used for another change is
	 * a conflict.
	 */
	Subscription changing(String customer, long customerId, String key, String fingerprint, String currency,
			AccountsWork<Subscription> work) {
		try {
			return inTransaction(customer, customerId, currency, this.actions.now(), (accounts, events) -> {
				Subscription replay = replayed(customerId, key, fingerprint);
				return (replay != null) ? replay : work.run(accounts, events);
			});
		}
		catch (DuplicateKeyException ex) {
			Subscription replay = replayed(customerId, key, fingerprint);
			if (replay == null) {
				throw ex;
			}
			return replay;
		}
	}

	private Subscription schedule(String customer, SubscriptionStore.Row row, String key, String fingerprint,
			String kind, boolean cancelAtPeriodEnd, @Nullable String nextPlan, Instant now) {
		long customerId = row.customerId();
		UUID id = row.subscription().id();
		return changing(customer, customerId, key, fingerprint, io.credyt.money.Asset.USD.code(), (accounts, events) -> {
			SubscriptionStore.Row locked = lockOwned(row);
			if (locked.subscription().status() != SubscriptionStatus.ACTIVE) {
				throw new SubscriptionStateException(locked.subscription().status(), "The subscription is not active");
			}
			this.store.schedule(customerId, id, cancelAtPeriodEnd, nextPlan, now);
			this.store.recordChange(customerId, key, id, kind, fingerprint, locked.subscription().plan(), nextPlan, null,
					now);
			return announced(customerId, SCHEDULED.get(kind), events);
		});
	}

	/** The subscription as stored under a key's change, if the key was used; a conflict if for another. */
	@Nullable Subscription replayed(long customerId, String key, String fingerprint) {
		String previous = this.store.change(customerId, key);
		if (previous == null) {
			return null;
		}
		if (!previous.equals(fingerprint)) {
			throw new ActionConflictException(key);
		}
		return current(customerId);
	}

	Subscription current(long customerId) {
		return this.store.find(customerId).orElseThrow().subscription();
	}

	/** The subscription as it is now, told to the ledger's listeners (webhooks) as changed. */
	Subscription announced(long customerId, String change, List<LedgerEvent> events) {
		Subscription now = current(customerId);
		boolean failing = now.status() == SubscriptionStatus.PAST_DUE
				|| (now.status() == SubscriptionStatus.CANCELED && now.failedAttempts() > 0);
		events.add(new LedgerEvent.SubscriptionChanged(now.customer(), now.id(), now.plan(), now.status().name(), change,
				now.periodEnd(), now.nextPlan(), failing ? now.lastFailureReason() : null));
		return now;
	}

	/** The customer's subscription with that id: another customer's is as unknown as none. */
	private SubscriptionStore.Row owned(String customer, UUID subscriptionId) {
		if (subscriptionId == null) {
			throw new InvalidRequestException("subscription", "is required");
		}
		Long customerId = this.actions.knownCustomer(customer);
		if (customerId == null) {
			throw new UnknownSubscriptionException(customer);
		}
		return this.store.find(customerId)
			.filter((row) -> row.subscription().id().equals(subscriptionId))
			.orElseThrow(() -> new UnknownSubscriptionException(customer));
	}

	/** The row locked, which must still hold the same subscription. */
	SubscriptionStore.Row lockOwned(SubscriptionStore.Row row) {
		return this.store.lock(row.customerId())
			.filter((locked) -> locked.subscription().id().equals(row.subscription().id()))
			.orElseThrow(() -> new UnknownSubscriptionException(row.subscription().customer()));
	}

	static void requireNoneLive(Optional<SubscriptionStore.Row> row) {
		if (row.isPresent()) {
			SubscriptionStatus status = row.get().subscription().status();
			if (status == SubscriptionStatus.ACTIVE || status == SubscriptionStatus.PAST_DUE) {
				throw new SubscriptionStateException(status, "The customer has a subscription already");
			}
		}
	}

	PaymentProvider requireProvider() {
		if (this.provider == null) {
			throw new InvalidRequestException("source", "no payment provider is configured: pay from the wallet");
		}
		return this.provider;
	}

	static String requireReference(PaymentOutcome outcome) {
		String reference = outcome.paymentReference();
		if (reference == null) {
			throw new IllegalStateException("A payment succeeded without a reference: " + outcome.sessionId());
		}
		return reference;
	}

	static String validKey(@Nullable String key) {
		return InvalidRequestException.requireText(key, "idempotencyKey", 255);
	}

	PaymentRecord payment(String id, String customer, PaymentStatus status, BigDecimal amount, String currency,
			@Nullable String reference, @Nullable String reason, Instant now) {
		PaymentProvider provider = this.provider;
		return new PaymentRecord(id, customer, PaymentKind.SUBSCRIPTION, (provider != null) ? provider.name() : "wallet",
				status, amount, currency, reference, (reason != null) ? PaymentRecord.keptFailureReason(reason) : null,
				now, now);
	}

	@FunctionalInterface
	interface AccountsWork<T> {

		T run(Map<String, AccountStore.AccountRow> accounts, List<LedgerEvent> events);

	}
}

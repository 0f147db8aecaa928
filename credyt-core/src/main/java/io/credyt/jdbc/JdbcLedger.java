package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.catalog.Quote;
import io.credyt.engine.Command;
import io.credyt.engine.Outcome;
import io.credyt.engine.Snapshot;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Balance;
import io.credyt.ledger.Capture;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.Customer;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldNotActiveException;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.IdempotencyConflictException;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEntry;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.TopUp;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Money;
import io.credyt.transaction.RetryingTransactions;

/**
 * The {@link Ledger} on a relational database (H2 or PostgreSQL) through plain JDBC.
 *
 * <p>
 * The hot path (authorize, capture, release, record) validates and quotes each request on the
 * caller's thread, then hands it as a {@link Command} to a {@link CommandBatcher}: commands of
 * any wallets that arrive while a batch is applied form the next batch, which a
 * {@link CommandExecutor} applies in one transaction (lock, read, plan with the pure
 * {@link io.credyt.engine.Planner}, write with set-based, guarded statements, tell the
 * {@link LedgerEventListener}, commit). The other operations are short transactions of their own
 * ({@link CreditOperations}). SQL lives in one store per concept; what differs between the
 * databases is a {@link SqlStatements} strategy.
 *
 * <p>
 * Correctness comes from the database's locks and guarded statements, never from JVM locks, so
 * any number of instances may share one database. Locks are taken in one order (hold, account,
 * entitlement; grants under their account's lock) so concurrent transactions cannot deadlock one
 * another; a transaction that loses a lock wait anyway is retried.
 */
public final class JdbcLedger implements Ledger {

	private static final int MAX_CACHED_HOLDS = 100_000;

	private final Catalog catalog;

	private final LedgerOptions options;

	private final Clock clock;

	private final Stores stores;

	private final CreditOperations credits;

	private final CommandExecutor executor;

	private final @Nullable CommandBatcher batcher;

	/**
	 * Holds this instance placed, so a capture need not read them back: only their immutable
	 * fields are used, the status is read under the hold's lock when the capture is applied.
	 */
	private final Map<UUID, Hold> recentHolds = new ConcurrentHashMap<>();

	public JdbcLedger(DataSource dataSource, Catalog catalog) {
		this(dataSource, catalog, LedgerOptions.defaults(), Clock.systemUTC());
	}

	public JdbcLedger(DataSource dataSource, Catalog catalog, LedgerOptions options, Clock clock) {
		this(dataSource, new DataSourceTransactionManager(dataSource), catalog, options, clock);
	}

	public JdbcLedger(DataSource dataSource, PlatformTransactionManager transactionManager, Catalog catalog,
			LedgerOptions options, Clock clock) {
		this(dataSource, transactionManager, catalog, options, clock, LedgerEventListener.NONE);
	}

	/**
	 * A ledger whose changes are told to a listener inside their transactions.
	 * @param dataSource the application's database
	 * @param transactionManager its transaction manager
	 * @param catalog the products and assets
	 * @param options the engine's options
	 * @param clock the time
	 * @param listener hears every change before it commits
	 */
	public JdbcLedger(DataSource dataSource, PlatformTransactionManager transactionManager, Catalog catalog,
			LedgerOptions options, Clock clock, LedgerEventListener listener) {
		// READ COMMITTED, the default of both H2 and PostgreSQL, is what the locks and guarded
		// statements are written for; it is not set explicitly because the transaction manager would
		// then read the connection's level before every transaction: one round trip more each time
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
		SqlStatements statements = Dialect.of(dataSource).statements();
		RetryingTransactions transactions = new RetryingTransactions(transactionManager, options.maxRetries());
		this.stores = Stores.create(jdbc, named, statements, transactions, options);
		this.catalog = catalog;
		this.options = options;
		this.clock = clock;
		this.credits = new CreditOperations(this.stores, transactions, catalog, listener);
		this.executor = new CommandExecutor(this.stores, jdbc, statements, transactions, listener, clock, catalog);
		LedgerOptions.GroupCommit batching = options.groupCommit();
		this.batcher = batching.enabled()
				? new CommandBatcher(this.executor::execute, batching.maxBatch(), batching.lanes()) : null;
	}

	@Override
	public Catalog catalog() {
		return this.catalog;
	}

	// ------------------------------------------------------------------ customers and balances

	@Override
	public Customer customer(String externalId) {
		this.stores.customers().id(externalId, now());
		return this.stores.customers().find(externalId).orElseThrow();
	}

	@Override
	public Optional<Customer> findCustomer(String externalId) {
		return this.stores.customers().find(externalId);
	}

	/** The ledger's rule for a customer's external id, which the reports on its tables share. */
	static void validCustomer(@Nullable String externalId) {
		CustomerStore.validCustomer(externalId);
	}

	@Override
	public Balance balance(String externalId) {
		validCustomer(externalId);
		Long customerId = this.stores.customers().existingId(externalId);
		if (customerId == null) {
			return new Balance(externalId, Map.of(), List.of());
		}
		Instant now = now();
		for (String asset : this.stores.accounts().due(customerId, now)) {
			this.credits.applyDueChanges(customerId, asset, now);
		}
		return new Balance(externalId, this.stores.accounts().balances(customerId),
				this.stores.entitlements().current(customerId, externalId, now));
	}

	// ------------------------------------------------------------------ the hot path

	@Override
	public Hold authorize(AuthorizationRequest request) {
		validCustomer(request.customer());
		Product product = this.catalog.product(request.product());
		Quote quote = product.quote(request.dimensions(), request.quantity());
		Instant now = now();
		long customerId = this.stores.customers().paying(request.customer(), quote.product(), quote.asset(),
				quote.fee(), now);
		Command command = new Command.Authorize(customerId, request.customer(), product, quote, UUID.randomUUID(),
				micros(now.plus(this.options.holdTimeToLive())));
		Hold hold = ((Outcome.Placed) settle(submit(command))).hold();
		if (this.recentHolds.size() >= MAX_CACHED_HOLDS) {
			this.recentHolds.clear();
		}
		this.recentHolds.put(hold.id(), hold);
		return hold;
	}

	@Override
	public UsageRecord capture(UUID holdId, Capture capture) {
		String eventId = validEventId(capture.eventId());
		BigDecimal cost = actualCost(capture.cost());
		Hold cached = this.recentHolds.remove(holdId);
		Hold hold = (cached != null) ? cached
				: this.stores.holds().find(holdId).orElseThrow(() -> new HoldNotActiveException(holdId, null));
		if (hold.status() != HoldStatus.ACTIVE) {
			return capturedAlready(holdId, hold.status(), hold.usageEventId(), eventId);
		}
		Product product = this.catalog.product(hold.product());
		BigDecimal quantity = (capture.quantity() != null) ? capture.quantity() : hold.quantity();
		Quote quote = withCost(product.quote(hold.dimensions(), quantity), cost);
		String fingerprint = Rows.fingerprint(hold.customer(), quote.product(), quote.quantity(), quote.dimensions());
		Instant occurredAt = (capture.occurredAt() != null) ? micros(capture.occurredAt()) : now();
		long customerId = this.stores.customers().id(hold.customer(), now());
		Outcome outcome = submit(
				new Command.Capture(customerId, hold, product, quote, eventId, fingerprint, occurredAt));
		if (outcome instanceof Outcome.NotActive inactive) {
			return capturedAlready(holdId, inactive.status(), inactive.usageEventId(), eventId);
		}
		return usage(settle(outcome));
	}

	@Override
	public Hold release(UUID holdId) {
		this.recentHolds.remove(holdId);
		Hold hold = this.stores.holds().find(holdId).orElseThrow(() -> new HoldNotActiveException(holdId, null));
		if (hold.status() != HoldStatus.ACTIVE) {
			throw new HoldNotActiveException(holdId, hold.status());
		}
		long customerId = this.stores.customers().id(hold.customer(), now());
		Outcome outcome = submit(new Command.Release(customerId, hold, HoldStatus.RELEASED));
		if (outcome instanceof Outcome.NotActive inactive) {
			throw new HoldNotActiveException(holdId, inactive.status());
		}
		settle(outcome);
		return this.stores.holds().find(holdId).orElseThrow();
	}

	@Override
	public Optional<Hold> hold(UUID holdId) {
		return this.stores.holds().find(holdId);
	}

	@Override
	public UsageRecord record(UsageEvent event) {
		String eventId = validEventId(event.id());
		validCustomer(event.customer());
		BigDecimal cost = actualCost(event.cost());
		Product product = this.catalog.product(event.product());
		Quote quote = withCost(product.quote(event.dimensions(), event.quantity()), cost);
		String fingerprint = Rows.fingerprint(event.customer(), quote.product(), quote.quantity(), quote.dimensions());
		Instant now = now();
		Instant occurredAt = (event.occurredAt() != null) ? micros(event.occurredAt()) : now;
		long customerId;
		try {
			customerId = this.stores.customers().paying(event.customer(), quote.product(), quote.asset(), quote.fee(),
					now);
		}
		catch (InsufficientBalanceException ex) {
			return replayOr(eventId, fingerprint, ex);
		}
		Outcome outcome = submit(
				new Command.Record(customerId, event.customer(), product, quote, eventId, fingerprint, occurredAt));
		if (outcome instanceof Outcome.Failed failed && failed.error() instanceof InsufficientBalanceException ex) {
			return replayOr(eventId, fingerprint, ex);
		}
		return usage(settle(outcome));
	}

	@Override
	public Optional<UsageRecord> usage(String eventId) {
		return this.stores.usage().find(eventId);
	}

	@Override
	public int expireHolds(Instant now, int limit) {
		if (limit < 1) {
			throw new InvalidRequestException("limit", "must be positive, was " + limit);
		}
		return this.executor.expire(micros(now), limit);
	}

	private Outcome submit(Command command) {
		return (this.batcher != null) ? this.batcher.submit(command) : this.executor.execute(List.of(command)).get(0);
	}

	/** The outcome, or its error thrown. */
	private Outcome settle(Outcome outcome) {
		if (outcome instanceof Outcome.Failed failed) {
			throw failed.error();
		}
		if (outcome instanceof Outcome.Replay replay) {
			return new Outcome.Recorded(existingUsage(replay.eventId(), replay.fingerprint()));
		}
		return outcome;
	}

	private static UsageRecord usage(Outcome outcome) {
		return ((Outcome.Recorded) outcome).usage();
	}

	private UsageRecord replayOr(String eventId, String fingerprint, InsufficientBalanceException declined) {
		if (this.stores.usage().fingerprint(eventId) != null) {
			return existingUsage(eventId, fingerprint);
		}
		throw declined;
	}

	/** The first result for a usage event id, or a conflict when the payload differs. */
	private UsageRecord existingUsage(String eventId, String fingerprint) {
		String first = this.stores.usage().fingerprint(eventId);
		if (first == null) {
			throw new IllegalStateException("Usage event '" + eventId + "' collided but cannot be read");
		}
		if (!first.equals(fingerprint)) {
			throw new IdempotencyConflictException(eventId);
		}
		return this.stores.usage().find(eventId).orElseThrow();
	}

	private UsageRecord capturedAlready(UUID holdId, @Nullable HoldStatus status, @Nullable String usageEventId,
			String eventId) {
		if (status == HoldStatus.CAPTURED && eventId.equals(usageEventId)) {
			return this.stores.usage().find(eventId).orElseThrow();
		}
		throw new HoldNotActiveException(holdId, status);
	}

	/**
	 * A caller's actual vendor cost, checked before anything is written; {@code null} keeps the
	 * product's configured cost.
	 */
	private static @Nullable BigDecimal actualCost(@Nullable BigDecimal cost) {
		return (cost != null) ? Money.notNegative(cost, "cost") : null;
	}

	private static Quote withCost(Quote quote, @Nullable BigDecimal cost) {
		return (cost != null) ? quote.cost(cost) : quote;
	}

	private static String validEventId(@Nullable String eventId) {
		if (eventId == null || eventId.isBlank()) {
			throw new InvalidRequestException("eventId", "a usage event id is required");
		}
		if (eventId.length() > 128) {
			throw new InvalidRequestException("eventId", "a usage event id is at most 128 characters");
		}
		return eventId;
	}

	// ------------------------------------------------------------------ credits

	@Override
	public CreditGrant grant(String externalId, GrantRequest request) {
		validCustomer(externalId);
		return this.credits.grant(externalId, request, now());
	}

	@Override
	public List<CreditGrant> grants(String externalId) {
		validCustomer(externalId);
		Long customerId = this.stores.customers().existingId(externalId);
		return (customerId != null) ? this.stores.grants().of(customerId, externalId) : List.of();
	}

	@Override
	public TopUp topUp(String externalId, TopUpRequest request) {
		validCustomer(externalId);
		return this.credits.topUp(externalId, request, now());
	}

	@Override
	public Entitlement entitle(String externalId, EntitlementRequest request) {
		validCustomer(externalId);
		return this.credits.entitle(externalId, request, now());
	}

	@Override
	public Adjustment adjust(String externalId, AdjustmentRequest request) {
		validCustomer(externalId);
		return this.credits.adjust(externalId, request, now());
	}

	@Override
	public void overdraftLimit(String externalId, String asset, BigDecimal limit) {
		validCustomer(externalId);
		this.credits.overdraftLimit(externalId, asset, limit, now());
	}

	@Override
	public int applyDueGrantChanges(Instant now, int limit) {
		List<io.credyt.engine.AccountKey> due = this.stores.accounts().due(micros(now), limit);
		for (io.credyt.engine.AccountKey account : due) {
			this.credits.applyDueChanges(account.customerId(), account.asset(), micros(now));
		}
		return due.size();
	}

	// ------------------------------------------------------------------ history

	@Override
	public Page<LedgerEntry> entries(String externalId, PageRequest page) {
		return this.stores.entries().entries(pageOwner(externalId, page), externalId, page);
	}

	@Override
	public Page<UsageRecord> usage(String externalId, PageRequest page) {
		return this.stores.entries().usage(pageOwner(externalId, page), externalId, page);
	}

	@Override
	public Page<Adjustment> adjustments(String externalId, PageRequest page) {
		return this.stores.entries().adjustments(pageOwner(externalId, page), externalId, page);
	}

	private @Nullable Long pageOwner(String externalId, PageRequest page) {
		validCustomer(externalId);
		Objects.requireNonNull(page, "page");
		return this.stores.customers().existingId(externalId);
	}

	/** The current time at the precision both databases store, so what is returned is what is read back. */
	private Instant now() {
		return micros(this.clock.instant());
	}

	private static Instant micros(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MICROS);
	}

}

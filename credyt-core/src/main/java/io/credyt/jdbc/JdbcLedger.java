package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.catalog.Quote;
import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Balance;
import io.credyt.ledger.Capture;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.Customer;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldNotActiveException;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.IdempotencyConflictException;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEntry;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.TopUp;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Asset;
import io.credyt.money.Conversion;
import io.credyt.money.Money;

import static io.credyt.jdbc.Rows.time;

/**
 * The {@link Ledger} on a relational database (H2 or PostgreSQL) through plain JDBC.
 *
 * <p>
 * Correctness comes from the database's atomic statements, never from JVM locks, so any number
 * of instances may share one database. The balance guard lives in the {@code WHERE} clause of
 * the {@code UPDATE} that moves the money, and the schema's {@code CHECK} constraint backs it up.
 * Locks are always taken in one order (hold, entitlement, account, grant) so concurrent
 * operations cannot deadlock one another; a transaction that loses a lock wait anyway is retried.
 *
 * <p>
 * Grant changes (value becoming effective, remaining value expiring) are applied lazily under
 * the account's lock: each account carries the time of its next pending change, and the hot
 * path's guard includes it, so an operation on an account with a due change takes the slow path
 * that applies it first. Expiry never takes value that active holds reserve; that part expires
 * once the holds end.
 */
public final class JdbcLedger implements Ledger {

	private static final String ACCOUNT_KEY = " WHERE customer_id = ? AND asset = ?";

	private static final int MAX_CACHED_IDS = 100_000;

	private final JdbcTemplate jdbc;

	private final RetryingTransactions transactions;

	private final Catalog catalog;

	private final Dialect dialect;

	private final LedgerOptions options;

	private final Clock clock;

	private final Map<String, Long> customerIds = new ConcurrentHashMap<>();

	private final Map<String, Boolean> knownAccounts = new ConcurrentHashMap<>();

	/**
	 * Holds this instance placed, so a capture need not read them back: only their immutable
	 * fields are used, the status is always checked by the capture's own guarded update.
	 */
	private final Map<UUID, Hold> recentHolds = new ConcurrentHashMap<>();

	private final String insertCustomer;

	private final String insertAccount;

	private final String selectExpiredHolds;

	private final @Nullable GroupCommitter groupCommitter;

	public JdbcLedger(DataSource dataSource, Catalog catalog) {
		this(dataSource, catalog, LedgerOptions.defaults(), Clock.systemUTC());
	}

	public JdbcLedger(DataSource dataSource, Catalog catalog, LedgerOptions options, Clock clock) {
		this(dataSource, new DataSourceTransactionManager(dataSource), catalog, options, clock);
	}

	public JdbcLedger(DataSource dataSource, PlatformTransactionManager transactionManager, Catalog catalog,
			LedgerOptions options, Clock clock) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new RetryingTransactions(transactionManager, options.maxRetries());
		// READ COMMITTED, the default of both H2 and PostgreSQL, is what the guarded statements are
		// written for; it is not set explicitly because the transaction manager would then read
		// the connection's level before every transaction: one round trip more each time
		this.catalog = catalog;
		this.dialect = Dialect.of(dataSource);
		this.options = options;
		this.clock = clock;
		this.insertCustomer = this.dialect.insertIfAbsent("credyt_customer", "external_id, created_at",
				"external_id");
		this.insertAccount = this.dialect.insertIfAbsent("credyt_account",
				"customer_id, asset, posted, held, overdraft_limit, created_at", "customer_id, asset");
		this.groupCommitter = options.groupCommit().enabled()
				? new GroupCommitter(this.transactions.template(), options.groupCommit().maxBatch()) : null;
		this.selectExpiredHolds = "SELECT id, customer_id, asset, amount, entitled_units FROM credyt_hold"
				+ " WHERE status = 'ACTIVE' AND expires_at <= ? ORDER BY expires_at FETCH FIRST ? ROWS ONLY"
				+ " FOR UPDATE SKIP LOCKED";
	}

	@Override
	public Catalog catalog() {
		return this.catalog;
	}

	// ------------------------------------------------------------------ customers

	@Override
	public Customer customer(String externalId) {
		long id = customerId(externalId);
		return this.jdbc.queryForObject("SELECT id, external_id, created_at FROM credyt_customer WHERE id = ?",
				(rs, row) -> new Customer(rs.getLong("id"), rs.getString("external_id"), Rows.instant(rs, "created_at")),
				id);
	}

	@Override
	public Optional<Customer> findCustomer(String externalId) {
		validCustomer(externalId);
		return this.jdbc
			.query("SELECT id, external_id, created_at FROM credyt_customer WHERE external_id = ?",
					(rs, row) -> new Customer(rs.getLong("id"), rs.getString("external_id"),
							Rows.instant(rs, "created_at")),
					externalId)
			.stream()
			.findFirst();
	}

	private long customerId(String externalId) {
		validCustomer(externalId);
		Long cached = this.customerIds.get(externalId);
		if (cached != null) {
			return cached;
		}
		Long id = existingCustomerId(externalId);
		if (id == null) {
			Instant now = now();
			try {
				this.transactions.run(() -> {
					this.jdbc.update(this.insertCustomer, externalId, time(now));
					Long created = existingCustomerId(externalId);
					this.jdbc.update(this.insertAccount, created, Asset.USD.code(), Money.zero(), Money.zero(),
							this.options.defaultOverdraftLimit(), time(now));
					return created;
				});
			}
			catch (DuplicateKeyException ex) {
				// another instance created it at the same moment: use theirs
			}
			id = existingCustomerId(externalId);
			if (id == null) {
				throw new IllegalStateException("Customer '" + externalId + "' was not created");
			}
		}
		remember(this.customerIds, externalId, id);
		remember(this.knownAccounts, id + "/" + Asset.USD.code(), Boolean.TRUE);
		return id;
	}

	/**
	 * The customer who is to pay for a quote. A customer the ledger has never seen has nothing to
	 * pay with, so unless new accounts may overdraw far enough, the usage is declined without
	 * writing anything.
	 */
	private long payingCustomerId(String externalId, String product, String asset, BigDecimal amount) {
		Long cached = this.customerIds.get(externalId);
		if (cached != null) {
			return cached;
		}
		if (existingCustomerId(externalId) == null && this.options.defaultOverdraftLimit().compareTo(amount) < 0) {
			throw new InsufficientBalanceException(externalId, product, asset, amount,
					this.options.defaultOverdraftLimit());
		}
		return customerId(externalId);
	}

	private @Nullable Long existingCustomerId(String externalId) {
		List<Long> ids = this.jdbc.queryForList("SELECT id FROM credyt_customer WHERE external_id = ?", Long.class,
				externalId);
		return ids.isEmpty() ? null : ids.get(0);
	}

	/**
	 * Creates an account inside the current transaction when it may be missing, so that a
	 * declined operation leaves no account behind. Remembered once the transaction commits.
	 */
	private void ensureAccount(long customerId, String asset) {
		String key = customerId + "/" + asset;
		if (this.knownAccounts.containsKey(key)) {
			return;
		}
		try {
			this.jdbc.update(this.insertAccount, customerId, asset, Money.zero(), Money.zero(),
					this.options.defaultOverdraftLimit(), time(now()));
		}
		catch (DuplicateKeyException ex) {
			// H2 only (PostgreSQL's insert does nothing on conflict): another transaction created it
			// and committed; the statement failed on its own and the transaction goes on
			if (this.dialect == Dialect.POSTGRESQL) {
				throw ex;
			}
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				// a batched operation that was rolled back to its savepoint registered this too
				if (readAccount(customerId, asset) != null) {
					remember(JdbcLedger.this.knownAccounts, key, Boolean.TRUE);
				}
			}
		});
	}

	private static <K, V> void remember(Map<K, V> cache, K key, V value) {
		if (cache.size() >= MAX_CACHED_IDS) {
			cache.clear();
		}
		cache.put(key, value);
	}

	/** The ledger's rule for a customer's external id, which the reports on its tables share. */
	static void validCustomer(@Nullable String externalId) {
		if (externalId == null || externalId.isBlank()) {
			throw new InvalidRequestException("customer", "a customer id is required");
		}
		if (externalId.length() > 255) {
			throw new InvalidRequestException("customer", "a customer id is at most 255 characters");
		}
	}

	// ------------------------------------------------------------------ balance

	@Override
	public Balance balance(String externalId) {
		validCustomer(externalId);
		Long customerId = existingCustomerId(externalId);
		if (customerId == null) {
			return new Balance(externalId, Map.of(), List.of());
		}
		Instant now = now();
		List<String> due = this.jdbc.queryForList(
				"SELECT asset FROM credyt_account WHERE customer_id = ? AND next_grant_change_at <= ?", String.class,
				customerId, time(now));
		for (String asset : due) {
			this.transactions.run(() -> {
				AccountRow account = lockAccount(customerId, asset);
				applyDueChanges(account, now);
				return null;
			});
		}
		Map<String, AccountBalance> accounts = new TreeMap<>();
		this.jdbc.query("SELECT asset, posted, held, overdraft_limit FROM credyt_account WHERE customer_id = ?",
				(rs) -> {
					BigDecimal posted = Rows.amount(rs, "posted");
					BigDecimal held = Rows.amount(rs, "held");
					accounts.put(rs.getString("asset"), new AccountBalance(rs.getString("asset"), posted, held,
							posted.subtract(held), Rows.amount(rs, "overdraft_limit")));
				}, customerId);
		List<Entitlement> entitlements = new ArrayList<>();
		for (Entitlement entitlement : entitlements(customerId, externalId, null, now)) {
			entitlements.add(current(entitlement, now));
		}
		return new Balance(externalId, accounts, entitlements);
	}

	// ------------------------------------------------------------------ holds

	@Override
	public Hold authorize(AuthorizationRequest request) {
		validCustomer(request.customer());
		Product product = this.catalog.product(request.product());
		Quote quote = product.quote(request.dimensions(), request.quantity());
		long customerId = payingCustomerId(request.customer(), quote.product(), quote.asset(), quote.fee());
		Instant now = now();
		Instant expiresAt = micros(now.plus(this.options.holdTimeToLive()));
		Hold hold = onAccount(customerId, quote.asset(), () -> {
			ensureAccount(customerId, quote.asset());
			UUID holdId = UUID.randomUUID();
			if (this.dialect == Dialect.POSTGRESQL && quote.fee().signum() > 0
					&& this.jdbc.update(RESERVE_AND_HOLD_UNENTITLED, quote.fee(), customerId, quote.asset(), quote.fee(),
							time(now), customerId, quote.product(), time(now), time(now), time(now), holdId, customerId,
							quote.asset(), quote.product(), quote.quantity(), Rows.encode(quote.dimensions()),
							Money.zero(), quote.fee(), HoldStatus.ACTIVE.name(), time(now), time(expiresAt)) == 1) {
				return new Hold(holdId, request.customer(), quote.product(), quote.asset(), quote.quantity(),
						quote.dimensions(), Money.zero(), quote.fee(), HoldStatus.ACTIVE, now, expiresAt, null, null);
			}
			List<EntitlementTake> takes = takeEntitlements(customerId, quote.product(), quote.quantity(), now);
			BigDecimal entitled = total(takes);
			BigDecimal amount = feeFor(product, quote, quote.quantity().subtract(entitled));
			Object[] holdRow = { holdId, customerId, quote.asset(), quote.product(), quote.quantity(),
					Rows.encode(quote.dimensions()), entitled, amount, HoldStatus.ACTIVE.name(), time(now),
					time(expiresAt) };
			boolean placed = amount.signum() > 0 && this.dialect == Dialect.POSTGRESQL
					&& this.jdbc.update(RESERVE_AND_HOLD, concat(new Object[] { amount, customerId, quote.asset(), amount,
							time(now) }, holdRow)) == 1;
			if (!placed) {
				if (amount.signum() > 0 && !move(customerId, quote.asset(), Money.zero(), amount, now)) {
					throw insufficient(request.customer(), quote.product(), customerId, quote.asset(), amount);
				}
				this.jdbc.update("INSERT INTO credyt_hold (" + HOLD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
						holdRow);
			}
			recordTakes(holdId, takes);
			return new Hold(holdId, request.customer(), quote.product(), quote.asset(), quote.quantity(),
					quote.dimensions(), entitled, amount, HoldStatus.ACTIVE, now, expiresAt, null, null);
		});
		remember(this.recentHolds, hold.id(), hold);
		return hold;
	}

	@Override
	public UsageRecord capture(UUID holdId, Capture capture) {
		String eventId = validEventId(capture.eventId());
		Hold cached = this.recentHolds.remove(holdId);
		Hold hold = (cached != null) ? cached
				: hold(holdId).orElseThrow(() -> new HoldNotActiveException(holdId, null));
		if (hold.status() != HoldStatus.ACTIVE) {
			return capturedAlready(hold, eventId);
		}
		Product product = this.catalog.product(hold.product());
		BigDecimal finalQuantity = (capture.quantity() != null) ? capture.quantity() : hold.quantity();
		Quote quote = product.quote(hold.dimensions(), finalQuantity);
		String fingerprint = Rows.fingerprint(hold.customer(), quote.product(), quote.quantity(), quote.dimensions());
		long customerId = customerId(hold.customer());
		Instant now = now();
		Instant occurredAt = (capture.occurredAt() != null) ? micros(capture.occurredAt()) : now;
		try {
			return onAccount(customerId, quote.asset(), () -> {
				if (this.dialect == Dialect.POSTGRESQL && hold.entitledUnits().signum() == 0) {
					BigDecimal fee = quote.fee();
					int[] result = this.jdbc.queryForObject(END_HOLD_AND_DEBIT,
							(rs, row) -> new int[] { rs.getInt("ended"), rs.getInt("moved") }, HoldStatus.CAPTURED.name(),
							time(now), eventId, holdId, HoldStatus.ACTIVE.name(), fee, customerId, quote.asset(), fee,
							time(now));
					if (result[0] == 0) {
						throw new HoldNotActiveException(holdId, null);
					}
					if (result[1] == 0 && !moveSlowly(customerId, quote.asset(), fee, hold.amount().negate(), now)) {
						throw insufficient(hold.customer(), quote.product(), customerId, quote.asset(),
								fee.subtract(hold.amount()));
					}
					return debited(hold.customer(), holdId, quote, eventId, fingerprint, customerId, Money.zero(), fee, occurredAt, now);
				}
				int ended = this.jdbc.update("UPDATE credyt_hold SET status = ?, ended_at = ?, usage_event_id = ?"
						+ " WHERE id = ? AND status = ?", HoldStatus.CAPTURED.name(), time(now), eventId, holdId,
						HoldStatus.ACTIVE.name());
				if (ended == 0) {
					throw new HoldNotActiveException(holdId, null);
				}
				BigDecimal entitled = hold.entitledUnits();
				if (quote.quantity().compareTo(entitled) < 0) {
					giveBackEntitlements(List.of(holdId), entitled.subtract(quote.quantity()));
					entitled = quote.quantity();
				}
				else if (quote.quantity().compareTo(entitled) > 0 && entitled.signum() > 0) {
					List<EntitlementTake> more = takeEntitlements(customerId, quote.product(),
							quote.quantity().subtract(entitled), now);
					recordTakes(holdId, more);
					entitled = entitled.add(total(more));
				}
				BigDecimal fee = feeFor(product, quote, quote.quantity().subtract(entitled));
				if (!move(customerId, quote.asset(), fee, hold.amount().negate(), now)) {
					throw insufficient(hold.customer(), quote.product(), customerId, quote.asset(),
							fee.subtract(hold.amount()));
				}
				return debited(hold.customer(), holdId, quote, eventId, fingerprint, customerId, entitled, fee, occurredAt, now);
			});
		}
		catch (DuplicateKeyException ex) {
			return existingUsage(eventId, fingerprint, holdId);
		}
		catch (HoldNotActiveException ex) {
			return capturedAlready(hold(holdId).orElseThrow(() -> ex), eventId);
		}
	}

	/** The rest of a capture once the account has moved: grants, the entry, the usage event. */
	private UsageRecord debited(String customer, @Nullable UUID holdId, Quote quote, String eventId,
			String fingerprint, long customerId, BigDecimal entitled, BigDecimal fee, Instant occurredAt, Instant now) {
		if (this.dialect == Dialect.POSTGRESQL) {
			FeeSplit split = this.jdbc.queryForObject(CONSUME_AND_RECORD,
					(rs, row) -> new FeeSplit(Rows.amount(rs, "fee_promotional"), Rows.amount(rs, "fee_bundled"),
							Rows.amount(rs, "fee_paid"), Rows.amount(rs, "fee_unfunded")),
					customerId, quote.asset(), fee, fee, customerId, quote.asset(), fee, eventId, time(now), fee, eventId,
					fingerprint, customerId, quote.product(), quote.quantity(), Rows.encode(quote.dimensions()),
					time(occurredAt), time(now), quote.asset(), entitled, fee, fee, quote.cost(), holdId);
			return new UsageRecord(eventId, customer, quote.product(), quote.quantity(), quote.dimensions(), occurredAt,
					now, quote.asset(), entitled, fee, split, quote.cost(), holdId);
		}
		FeeSplit split = consumeGrants(customerId, quote.asset(), fee, null);
		entry(customerId, quote.asset(), fee.negate(), EntryType.USAGE, eventId, now);
		UsageRecord usage = new UsageRecord(eventId, customer, quote.product(), quote.quantity(), quote.dimensions(),
				occurredAt, now, quote.asset(), entitled, fee, split, quote.cost(), holdId);
		insertUsage(usage, customerId, fingerprint);
		return usage;
	}

	private UsageRecord capturedAlready(Hold hold, String eventId) {
		if (hold.status() == HoldStatus.CAPTURED && eventId.equals(hold.usageEventId())) {
			return usage(eventId).orElseThrow();
		}
		throw new HoldNotActiveException(hold.id(), hold.status());
	}

	@Override
	public Hold release(UUID holdId) {
		this.recentHolds.remove(holdId);
		Instant now = now();
		HoldKey hold = this.jdbc
			.query("SELECT id, customer_id, asset, amount, entitled_units FROM credyt_hold WHERE id = ?", HOLD_KEY, holdId)
			.stream()
			.findFirst()
			.orElseThrow(() -> new HoldNotActiveException(holdId, null));
		try {
			onAccount(hold.customerId(), hold.asset(), () -> endHolds(List.of(hold), HoldStatus.RELEASED, now));
		}
		catch (HoldNotActiveException ex) {
			throw new HoldNotActiveException(holdId, hold(holdId).map(Hold::status).orElse(null));
		}
		return hold(holdId).orElseThrow();
	}

	@Override
	public int expireHolds(Instant now, int limit) {
		if (limit < 1) {
			throw new InvalidRequestException("limit", "must be positive, was " + limit);
		}
		return this.transactions.run(() -> endHolds(
				this.jdbc.query(this.selectExpiredHolds, HOLD_KEY, time(now), limit), HoldStatus.EXPIRED, now));
	}

	/** What ending a hold needs: whose funds and units to give back. */
	private record HoldKey(UUID id, long customerId, String asset, BigDecimal amount, BigDecimal entitledUnits) {
	}

	private static final RowMapper<HoldKey> HOLD_KEY = (rs, row) -> new HoldKey(Rows.uuid(rs, "id"),
			rs.getLong("customer_id"), rs.getString("asset"), Rows.amount(rs, "amount"),
			Rows.amount(rs, "entitled_units"));

	/**
	 * Ends active holds, giving back their funds and entitlement units: entitlements then
	 * accounts, each in key order, so that concurrent sweeps cannot deadlock.
	 * @return how many holds this call ended
	 */
	private int endHolds(List<HoldKey> holds, HoldStatus status, Instant now) {
		List<HoldKey> ended = new ArrayList<>();
		for (HoldKey hold : holds) {
			int updated = this.jdbc.update("UPDATE credyt_hold SET status = ?, ended_at = ? WHERE id = ? AND status = ?",
					status.name(), time(now), hold.id(), HoldStatus.ACTIVE.name());
			if (updated == 1) {
				ended.add(hold);
			}
			else if (status == HoldStatus.RELEASED) {
				throw new HoldNotActiveException(hold.id(), null);
			}
		}
		List<UUID> withUnits = ended.stream()
			.filter((hold) -> hold.entitledUnits().signum() > 0)
			.map(HoldKey::id)
			.toList();
		if (!withUnits.isEmpty()) {
			giveBackEntitlements(withUnits, null);
		}
		Map<String, BigDecimal> released = new TreeMap<>();
		for (HoldKey hold : ended) {
			if (hold.amount().signum() > 0) {
				released.merge(String.format("%020d", hold.customerId()) + "/" + hold.asset(), hold.amount(),
						BigDecimal::add);
			}
		}
		for (Map.Entry<String, BigDecimal> account : released.entrySet()) {
			int slash = account.getKey().indexOf('/');
			this.jdbc.update("UPDATE credyt_account SET held = held - ?" + ACCOUNT_KEY, account.getValue(),
					Long.parseLong(account.getKey().substring(0, slash)), account.getKey().substring(slash + 1));
		}
		return ended.size();
	}

	@Override
	public Optional<Hold> hold(UUID holdId) {
		return this.jdbc
			.query("SELECT h.*, c.external_id FROM credyt_hold h JOIN credyt_customer c ON c.id = h.customer_id"
					+ " WHERE h.id = ?", Rows.HOLD, holdId)
			.stream()
			.findFirst();
	}

	// ------------------------------------------------------------------ direct usage

	@Override
	public UsageRecord record(UsageEvent event) {
		String eventId = validEventId(event.id());
		validCustomer(event.customer());
		Product product = this.catalog.product(event.product());
		Quote quote = product.quote(event.dimensions(), event.quantity());
		String fingerprint = Rows.fingerprint(event.customer(), quote.product(), quote.quantity(), quote.dimensions());
		long customerId = payingCustomerId(event.customer(), quote.product(), quote.asset(), quote.fee());
		Instant now = now();
		Instant occurredAt = (event.occurredAt() != null) ? micros(event.occurredAt()) : now;
		try {
			return onAccount(customerId, quote.asset(), () -> {
				ensureAccount(customerId, quote.asset());
				if (this.dialect == Dialect.POSTGRESQL && quote.fee().signum() > 0
						&& this.jdbc.update(MOVE + TIME_GUARD + NO_USABLE_ENTITLEMENT, quote.fee(), Money.zero(), customerId,
								quote.asset(), quote.fee(), Money.zero(), time(now), customerId, quote.product(), time(now),
								time(now), time(now)) == 1) {
					return debited(event.customer(), null, quote, eventId, fingerprint, customerId, Money.zero(),
							quote.fee(), occurredAt, now);
				}
				List<EntitlementTake> takes = takeEntitlements(customerId, quote.product(), quote.quantity(), now);
				BigDecimal entitled = total(takes);
				BigDecimal fee = feeFor(product, quote, quote.quantity().subtract(entitled));
				if (!move(customerId, quote.asset(), fee, Money.zero(), now)) {
					throw insufficient(event.customer(), quote.product(), customerId, quote.asset(), fee);
				}
				return debited(event.customer(), null, quote, eventId, fingerprint, customerId, entitled, fee, occurredAt,
						now);
			});
		}
		catch (DuplicateKeyException ex) {
			return existingUsage(eventId, fingerprint, null);
		}
		catch (InsufficientBalanceException ex) {
			if (usage(eventId).isPresent()) {
				return existingUsage(eventId, fingerprint, null);
			}
			throw ex;
		}
	}

	/**
	 * The first result for a usage event id, or a conflict when the payload differs. A hold that
	 * lost the race to another capture of the same event is released.
	 */
	private UsageRecord existingUsage(String eventId, String fingerprint, @Nullable UUID holdId) {
		List<String> fingerprints = this.jdbc.queryForList("SELECT fingerprint FROM credyt_usage_event WHERE id = ?",
				String.class, eventId);
		if (fingerprints.isEmpty()) {
			throw new IllegalStateException("Usage event '" + eventId + "' collided but cannot be read");
		}
		if (holdId != null) {
			hold(holdId).filter((hold) -> hold.status() == HoldStatus.ACTIVE).ifPresent((hold) -> {
				try {
					release(holdId);
				}
				catch (HoldNotActiveException ex) {
					// ended concurrently: nothing left to give back
				}
			});
		}
		if (!fingerprints.get(0).equals(fingerprint)) {
			throw new IdempotencyConflictException(eventId);
		}
		return usage(eventId).orElseThrow();
	}

	@Override
	public Optional<UsageRecord> usage(String eventId) {
		return this.jdbc
			.query("SELECT u.*, c.external_id FROM credyt_usage_event u JOIN credyt_customer c ON c.id = u.customer_id"
					+ " WHERE u.id = ?", Rows.USAGE, eventId)
			.stream()
			.findFirst();
	}

	private void insertUsage(UsageRecord usage, long customerId, String fingerprint) {
		this.jdbc.update("INSERT INTO credyt_usage_event (id, fingerprint, customer_id, product, quantity, dimensions,"
				+ " occurred_at, recorded_at, asset, entitled_units, fee, fee_promotional, fee_bundled, fee_paid,"
				+ " fee_unfunded, cost, hold_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", usage.id(),
				fingerprint, customerId, usage.product(), usage.quantity(), Rows.encode(usage.dimensions()),
				time(usage.occurredAt()), time(usage.recordedAt()), usage.asset(), usage.entitledUnits(), usage.fee(),
				usage.split().promotional(), usage.split().bundled(), usage.split().paid(), usage.split().unfunded(),
				usage.cost(), usage.holdId());
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

	private static BigDecimal feeFor(Product product, Quote quote, BigDecimal billableUnits) {
		if (billableUnits.signum() <= 0) {
			return Money.zero();
		}
		if (billableUnits.compareTo(quote.quantity()) == 0) {
			return quote.fee();
		}
		return product.quote(quote.dimensions(), billableUnits).fee();
	}

	// ------------------------------------------------------------------ money movement

	/**
	 * The hot path: posts {@code debit} and changes {@code held} by {@code holdChange} in one
	 * conditional update whose guard keeps {@code posted − held} at or above the overdraft limit.
	 * An account with a due grant change takes the slow path, which applies it under the row lock
	 * first.
	 * @return whether the account could cover it
	 */
	private boolean move(long customerId, String asset, BigDecimal debit, BigDecimal holdChange, Instant now) {
		int updated = this.jdbc.update(MOVE + " AND (next_grant_change_at IS NULL OR next_grant_change_at > ?)", debit,
				holdChange, customerId, asset, debit, holdChange, time(now));
		return updated == 1 || moveSlowly(customerId, asset, debit, holdChange, now);
	}

	/** The slow path: lock the account, apply its due grant changes, then try the guarded update again. */
	private boolean moveSlowly(long customerId, String asset, BigDecimal debit, BigDecimal holdChange, Instant now) {
		AccountRow account = lockAccount(customerId, asset);
		applyDueChanges(account, now);
		return this.jdbc.update(MOVE, debit, holdChange, customerId, asset, debit, holdChange) == 1;
	}

	private static final String MOVE = "UPDATE credyt_account SET posted = posted - ?, held = held + ?" + ACCOUNT_KEY
			+ " AND posted - ? - (held + ?) >= -overdraft_limit";

	private static final String TIME_GUARD = " AND (next_grant_change_at IS NULL OR next_grant_change_at > ?)";

	/**
	 * PostgreSQL's fast path skips the entitlement look-up when the customer has no entitlement
	 * for the product that could still give units (one with units left, or a periodic one whose
	 * period has ended); when one might, the guarded update matches nothing and the full path runs.
	 */
	private static final String NO_USABLE_ENTITLEMENT = " AND NOT EXISTS (SELECT 1 FROM credyt_entitlement e"
			+ " WHERE e.customer_id = ? AND e.product = ? AND e.anchor_at <= ?"
			+ " AND (e.expires_at IS NULL OR e.expires_at > ?) AND (e.used < e.units OR e.period_end <= ?))";

	private static final String HOLD_COLUMNS = "id, customer_id, asset, product, quantity, dimensions, entitled_units,"
			+ " amount, status, created_at, expires_at";

	/** PostgreSQL: the guarded reservation and the hold's insert in one statement. */
	private static final String RESERVE_AND_HOLD = "WITH a AS (UPDATE credyt_account SET held = held + ?" + ACCOUNT_KEY
			+ " AND posted - held - ? >= -overdraft_limit"
			+ " AND (next_grant_change_at IS NULL OR next_grant_change_at > ?) RETURNING customer_id)"
			+ " INSERT INTO credyt_hold (" + HOLD_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM a";

	/** PostgreSQL: the reservation and the hold's insert, for a customer with no usable entitlement. */
	private static final String RESERVE_AND_HOLD_UNENTITLED = "WITH a AS (UPDATE credyt_account SET held = held + ?"
			+ ACCOUNT_KEY + " AND posted - held - ? >= -overdraft_limit" + TIME_GUARD + NO_USABLE_ENTITLEMENT
			+ " RETURNING customer_id) INSERT INTO credyt_hold (" + HOLD_COLUMNS + ")"
			+ " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM a";

	/**
	 * PostgreSQL: ending the hold and the guarded debit (which gives the held amount back) in one
	 * statement; the debit only happens when the hold was still active.
	 */
	private static final String END_HOLD_AND_DEBIT = "WITH h AS (UPDATE credyt_hold SET status = ?, ended_at = ?,"
			+ " usage_event_id = ? WHERE id = ? AND status = ? RETURNING amount),"
			+ " a AS (UPDATE credyt_account SET posted = posted - ?, held = held - (SELECT amount FROM h)" + ACCOUNT_KEY
			+ " AND EXISTS (SELECT 1 FROM h) AND posted - ? - (held - (SELECT amount FROM h)) >= -overdraft_limit"
			+ " AND (next_grant_change_at IS NULL OR next_grant_change_at > ?) RETURNING 1)"
			+ " SELECT (SELECT COUNT(*) FROM h) AS ended, (SELECT COUNT(*) FROM a) AS moved";

	/**
	 * PostgreSQL: the rest of a debit in one statement, run after the account's row is locked (so
	 * its snapshot of the grants is current): the fee taken from the grants in consumption order
	 * (a running sum over priority, expiry, age), the ledger entry, and the usage event with the
	 * fee's split, which it returns.
	 */
	private static final String CONSUME_AND_RECORD = "WITH lots AS (SELECT id, purpose, remaining,"
			+ " SUM(remaining) OVER (ORDER BY priority, expires_at NULLS LAST, created_at, id) AS upto"
			+ " FROM credyt_grant" + ACCOUNT_KEY + " AND effective = TRUE AND remaining > 0),"
			+ " take AS (SELECT id, purpose, LEAST(remaining, CAST(? AS NUMERIC) - (upto - remaining)) AS amount"
			+ " FROM lots WHERE upto - remaining < CAST(? AS NUMERIC)),"
			+ " consumed AS (UPDATE credyt_grant g SET remaining = g.remaining - take.amount FROM take"
			+ " WHERE g.id = take.id RETURNING take.purpose, take.amount),"
			+ " entry AS (INSERT INTO credyt_entry (customer_id, asset, amount, type, reference, created_at)"
			+ " SELECT ?, ?, -CAST(? AS NUMERIC), 'USAGE', ?, ? WHERE CAST(? AS NUMERIC) > 0)"
			+ " INSERT INTO credyt_usage_event (id, fingerprint, customer_id, product, quantity, dimensions,"
			+ " occurred_at, recorded_at, asset, entitled_units, fee, fee_promotional, fee_bundled, fee_paid,"
			+ " fee_unfunded, cost, hold_id)"
			+ " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS NUMERIC), s.promotional, s.bundled, s.paid,"
			+ " CAST(? AS NUMERIC) - s.promotional - s.bundled - s.paid, ?, CAST(? AS UUID)"
			+ " FROM (SELECT COALESCE(SUM(amount) FILTER (WHERE purpose = 'PROMOTIONAL'), 0) AS promotional,"
			+ " COALESCE(SUM(amount) FILTER (WHERE purpose = 'BUNDLED'), 0) AS bundled,"
			+ " COALESCE(SUM(amount) FILTER (WHERE purpose = 'PAID'), 0) AS paid FROM consumed) s"
			+ " RETURNING fee_promotional, fee_bundled, fee_paid, fee_unfunded";

	private static Object[] concat(Object[] first, Object[] second) {
		Object[] all = java.util.Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	private InsufficientBalanceException insufficient(String customer, String product, long customerId, String asset,
			BigDecimal required) {
		AccountRow account = readAccount(customerId, asset);
		BigDecimal spendable = (account != null)
				? account.posted.subtract(account.held).add(account.overdraftLimit) : Money.zero();
		return new InsufficientBalanceException(customer, product, asset, required, spendable);
	}

	/**
	 * Takes {@code amount} out of the account's grants in consumption order (priority, earliest
	 * expiry, age). Runs after the account's row has been updated, so its lock guards the grants.
	 */
	private FeeSplit consumeGrants(long customerId, String asset, BigDecimal amount, @Nullable GrantPurpose only) {
		Map<GrantPurpose, BigDecimal> taken = new TreeMap<>();
		BigDecimal left = amount;
		if (left.signum() > 0) {
			List<Object[]> lots = this.jdbc.query("SELECT id, purpose, remaining FROM credyt_grant" + ACCOUNT_KEY
					+ " AND effective = TRUE AND remaining > 0" + ((only != null) ? " AND purpose = ?" : "")
					+ " ORDER BY priority, expires_at NULLS LAST, created_at, id",
					(rs, row) -> new Object[] { Rows.uuid(rs, "id"), GrantPurpose.valueOf(rs.getString("purpose")),
							Rows.amount(rs, "remaining") },
					(only != null) ? new Object[] { customerId, asset, only.name() }
							: new Object[] { customerId, asset });
			for (Object[] lot : lots) {
				if (left.signum() == 0) {
					break;
				}
				BigDecimal take = left.min((BigDecimal) lot[2]);
				int updated = this.jdbc.update(
						"UPDATE credyt_grant SET remaining = remaining - ? WHERE id = ? AND remaining >= ?", take, lot[0],
						take);
				if (updated != 1) {
					throw new IllegalStateException("Grant " + lot[0] + " changed under the account lock");
				}
				taken.merge((GrantPurpose) lot[1], take, BigDecimal::add);
				left = left.subtract(take);
			}
		}
		return new FeeSplit(taken.getOrDefault(GrantPurpose.PROMOTIONAL, Money.zero()),
				taken.getOrDefault(GrantPurpose.BUNDLED, Money.zero()),
				taken.getOrDefault(GrantPurpose.PAID, Money.zero()), left);
	}

	private void entry(long customerId, String asset, BigDecimal amount, EntryType type, String reference,
			Instant now) {
		if (amount.signum() == 0) {
			return;
		}
		this.jdbc.update("INSERT INTO credyt_entry (customer_id, asset, amount, type, reference, created_at)"
				+ " VALUES (?, ?, ?, ?, ?, ?)", customerId, asset, amount, type.name(), reference, time(now));
	}

	// ------------------------------------------------------------------ grants

	@Override
	public CreditGrant grant(String externalId, GrantRequest request) {
		validCustomer(externalId);
		GrantRequest valid = validGrant(request);
		long customerId = customerId(externalId);
		Instant now = now();
		try {
			return this.transactions.run(() -> {
			ensureAccount(customerId, valid.asset());
				CreditGrant existing = grantByReference(customerId, externalId, valid.reference());
				if (existing != null) {
					return existing;
				}
				UUID id = addGrant(customerId, valid, EntryType.GRANT, null, now);
				return grantById(id, externalId);
			});
		}
		catch (DuplicateKeyException ex) {
			return Objects.requireNonNull(grantByReference(customerId, externalId, valid.reference()));
		}
	}

	private GrantRequest validGrant(GrantRequest request) {
		this.catalog.asset(request.asset());
		BigDecimal amount = Money.positive(request.amount(), "amount");
		if (request.purpose() == null) {
			throw new InvalidRequestException("purpose", "a grant purpose is required");
		}
		Instant effectiveAt = request.effectiveAt();
		Instant start = (effectiveAt != null) ? effectiveAt : now();
		if (request.expiresAt() != null && !request.expiresAt().isAfter(start)) {
			throw new InvalidRequestException("expiresAt", "must be after the grant becomes effective");
		}
		if (request.expiresAt() != null && !request.expiresAt().isAfter(now())) {
			throw new InvalidRequestException("expiresAt", "must be in the future");
		}
		validReference(request.reference());
		return new GrantRequest(request.asset(), amount, request.purpose(), effectiveAt, request.expiresAt(),
				request.priority(), request.reference());
	}

	private static void validReference(@Nullable String reference) {
		if (reference != null && (reference.isBlank() || reference.length() > 255)) {
			throw new InvalidRequestException("reference", "must be 1 to 255 characters");
		}
	}

	/**
	 * Adds a grant under the account's lock. Value effective now is posted at once (settling any
	 * overdraft first) with an entry of {@code entryType}; value effective later waits for its time.
	 */
	private UUID addGrant(long customerId, GrantRequest request, EntryType entryType, @Nullable String entryReference,
			Instant now) {
		AccountRow account = lockAccount(customerId, request.asset());
		applyDueChanges(account, now);
		UUID id = UUID.randomUUID();
		Instant effectiveAt = (request.effectiveAt() != null) ? request.effectiveAt() : now;
		boolean effective = !effectiveAt.isAfter(now);
		int priority = (request.priority() != null) ? request.priority() : request.purpose().defaultPriority();
		BigDecimal remaining = effective ? settleDebt(account, request.amount()) : request.amount();
		this.jdbc.update("INSERT INTO credyt_grant (id, customer_id, asset, purpose, amount, remaining, priority,"
				+ " effective_at, expires_at, effective, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				id, customerId, request.asset(), request.purpose().name(), request.amount(), remaining, priority,
				time(effectiveAt), time(request.expiresAt()), effective, request.reference(), time(now));
		if (effective) {
			account.posted = account.posted.add(request.amount());
			entry(customerId, request.asset(), request.amount(), entryType,
					(entryReference != null) ? entryReference : id.toString(), now);
			account.next = earliest(account.next, request.expiresAt());
		}
		else {
			account.next = earliest(account.next, effectiveAt);
		}
		writeAccount(account);
		return id;
	}

	/** What is left of new value once it has paid back an overdraft. */
	private static BigDecimal settleDebt(AccountRow account, BigDecimal amount) {
		BigDecimal debt = account.posted.negate().max(Money.zero());
		return amount.subtract(amount.min(debt));
	}

	private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isBefore(b)) ? a : b;
	}

	@Override
	public int applyDueGrantChanges(Instant now, int limit) {
		List<Object[]> due = this.jdbc.query("SELECT customer_id, asset FROM credyt_account"
				+ " WHERE next_grant_change_at <= ? ORDER BY next_grant_change_at FETCH FIRST ? ROWS ONLY",
				(rs, row) -> new Object[] { rs.getLong("customer_id"), rs.getString("asset") }, time(now), limit);
		for (Object[] account : due) {
			this.transactions.run(() -> {
				AccountRow row = lockAccount((Long) account[0], (String) account[1]);
				applyDueChanges(row, now);
				return null;
			});
		}
		return due.size();
	}

	/**
	 * Applies due grant changes to a locked account: grants whose time has come are posted, then
	 * the remaining value of expired grants is taken out, but never value that active holds
	 * reserve (that part waits for them to end).
	 */
	private void applyDueChanges(AccountRow account, Instant now) {
		if (account.next == null || account.next.isAfter(now)) {
			return;
		}
		List<Object[]> starting = this.jdbc.query("SELECT id, amount FROM credyt_grant" + ACCOUNT_KEY
				+ " AND effective = FALSE AND effective_at <= ? ORDER BY effective_at, created_at, id",
				(rs, row) -> new Object[] { Rows.uuid(rs, "id"), Rows.amount(rs, "amount") }, account.customerId,
				account.asset, time(now));
		for (Object[] grant : starting) {
			BigDecimal amount = (BigDecimal) grant[1];
			this.jdbc.update("UPDATE credyt_grant SET effective = TRUE, remaining = ? WHERE id = ?",
					settleDebt(account, amount), grant[0]);
			account.posted = account.posted.add(amount);
			entry(account.customerId, account.asset, amount, EntryType.GRANT, grant[0].toString(), now);
		}
		List<Object[]> expiring = this.jdbc.query("SELECT id, remaining FROM credyt_grant" + ACCOUNT_KEY
				+ " AND effective = TRUE AND remaining > 0 AND expires_at <= ? ORDER BY expires_at, created_at, id",
				(rs, row) -> new Object[] { Rows.uuid(rs, "id"), Rows.amount(rs, "remaining") }, account.customerId,
				account.asset, time(now));
		BigDecimal unreserved = account.posted.subtract(account.held).max(Money.zero());
		for (Object[] grant : expiring) {
			BigDecimal expired = unreserved.min((BigDecimal) grant[1]);
			if (expired.signum() == 0) {
				break;
			}
			this.jdbc.update("UPDATE credyt_grant SET remaining = remaining - ? WHERE id = ?", expired, grant[0]);
			account.posted = account.posted.subtract(expired);
			unreserved = unreserved.subtract(expired);
			entry(account.customerId, account.asset, expired.negate(), EntryType.GRANT_EXPIRY, grant[0].toString(),
					now);
		}
		account.next = this.jdbc.queryForObject("SELECT MIN(CASE WHEN effective THEN expires_at ELSE effective_at END)"
				+ " FROM credyt_grant" + ACCOUNT_KEY + " AND (effective = FALSE OR (remaining > 0 AND expires_at IS NOT NULL))",
				(rs, row) -> Rows.nullableInstant(rs, 1), account.customerId, account.asset);
		writeAccount(account);
	}

	private @Nullable CreditGrant grantByReference(long customerId, String externalId, @Nullable String reference) {
		if (reference == null) {
			return null;
		}
		return this.jdbc.query("SELECT * FROM credyt_grant WHERE customer_id = ? AND reference = ?",
				grantMapper(externalId), customerId, reference).stream().findFirst().orElse(null);
	}

	private CreditGrant grantById(UUID id, String externalId) {
		return this.jdbc.queryForObject("SELECT * FROM credyt_grant WHERE id = ?", grantMapper(externalId), id);
	}

	@Override
	public List<CreditGrant> grants(String externalId) {
		validCustomer(externalId);
		Long customerId = existingCustomerId(externalId);
		if (customerId == null) {
			return List.of();
		}
		return this.jdbc.query("SELECT * FROM credyt_grant WHERE customer_id = ? ORDER BY created_at DESC, id",
				grantMapper(externalId), customerId);
	}

	@Override
	public TopUp topUp(String externalId, TopUpRequest request) {
		validCustomer(externalId);
		if (request.paymentReference() == null || request.paymentReference().isBlank()
				|| request.paymentReference().length() > 255) {
			throw new InvalidRequestException("paymentReference", "a payment reference of 1 to 255 characters is required");
		}
		Asset paidAsset = this.catalog.asset(request.paidAsset());
		Asset asset = this.catalog.asset(request.asset());
		Conversion conversion = Money.convert(Money.positive(request.paid(), "paid"), paidAsset, asset);
		if (conversion.converted().signum() == 0) {
			throw new InvalidRequestException("paid", "is too small to buy any " + asset.label());
		}
		GrantRequest grant = new GrantRequest(asset.code(), conversion.converted(), GrantPurpose.PAID, null,
				request.expiresAt(), null, request.paymentReference());
		validGrant(grant);
		long customerId = customerId(externalId);
		Instant now = now();
		try {
			return this.transactions.run(() -> {
			ensureAccount(customerId, asset.code());
				CreditGrant existing = grantByReference(customerId, externalId, request.paymentReference());
				if (existing != null) {
					return new TopUp(existing, conversion, conversion.residualInBase());
				}
				UUID id = addGrant(customerId, grant, EntryType.GRANT, null, now);
				if (conversion.residualInBase().signum() != 0) {
					this.jdbc.update("INSERT INTO credyt_rounding (asset, amount, reference, created_at) VALUES (?, ?, ?, ?)",
							Asset.USD.code(), conversion.residualInBase(), request.paymentReference(), time(now));
				}
				return new TopUp(grantById(id, externalId), conversion, conversion.residualInBase());
			});
		}
		catch (DuplicateKeyException ex) {
			return new TopUp(Objects.requireNonNull(grantByReference(customerId, externalId, request.paymentReference())),
					conversion, conversion.residualInBase());
		}
	}

	// ------------------------------------------------------------------ entitlements

	@Override
	public Entitlement entitle(String externalId, EntitlementRequest request) {
		validCustomer(externalId);
		this.catalog.product(request.product());
		BigDecimal units = Money.positive(request.units(), "units");
		if (request.period() == null) {
			throw new InvalidRequestException("period", "an entitlement period is required");
		}
		validReference(request.reference());
		Instant now = now();
		Instant start = (request.startsAt() != null) ? request.startsAt() : now;
		if (request.expiresAt() != null && !request.expiresAt().isAfter(start)) {
			throw new InvalidRequestException("expiresAt", "must be after the entitlement starts");
		}
		long customerId = customerId(externalId);
		try {
			return this.transactions.run(() -> {
				Optional<Entitlement> existing = entitlementByReference(customerId, externalId, request.reference());
				if (existing.isPresent()) {
					return existing.get();
				}
				UUID id = UUID.randomUUID();
				this.jdbc.update("INSERT INTO credyt_entitlement (id, customer_id, product, units, used, period, anchor_at,"
						+ " period_start, period_end, expires_at, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
						id, customerId, request.product(), units, Money.zero(), request.period().name(), time(start),
						time(start), time(request.period().periodStart(start, 1)), time(request.expiresAt()),
						request.reference(), time(now));
				return this.jdbc.queryForObject("SELECT * FROM credyt_entitlement WHERE id = ?",
						entitlementMapper(externalId), id);
			});
		}
		catch (DuplicateKeyException ex) {
			return entitlementByReference(customerId, externalId, request.reference()).orElseThrow(() -> ex);
		}
	}

	private Optional<Entitlement> entitlementByReference(long customerId, String externalId,
			@Nullable String reference) {
		if (reference == null) {
			return Optional.empty();
		}
		return this.jdbc
			.query("SELECT * FROM credyt_entitlement WHERE customer_id = ? AND reference = ?",
					entitlementMapper(externalId), customerId, reference)
			.stream()
			.findFirst();
	}

	private List<Entitlement> entitlements(long customerId, String externalId, @Nullable String product, Instant now) {
		return this.jdbc.query("SELECT * FROM credyt_entitlement WHERE customer_id = ?"
				+ ((product != null) ? " AND product = ?" : "")
				+ " AND anchor_at <= ? AND (expires_at IS NULL OR expires_at > ?)"
				+ " ORDER BY period_end NULLS LAST, expires_at NULLS LAST, created_at, id", entitlementMapper(externalId),
				(product != null) ? new Object[] { customerId, product, time(now), time(now) }
						: new Object[] { customerId, time(now), time(now) });
	}

	/** The entitlement as it stands in the period containing {@code now}. */
	private static Entitlement current(Entitlement entitlement, Instant now) {
		if (entitlement.periodEnd() == null || entitlement.periodEnd().isAfter(now)) {
			return entitlement;
		}
		EntitlementPeriod period = entitlement.period();
		Instant anchor = entitlement.anchorAt();
		long index = period.periodIndex(anchor, now);
		return new Entitlement(entitlement.id(), entitlement.customer(), entitlement.product(), entitlement.units(),
				Money.zero(), period, anchor, Objects.requireNonNull(period.periodStart(anchor, index)),
				period.periodStart(anchor, index + 1), entitlement.expiresAt(), entitlement.reference());
	}

	/**
	 * Takes up to {@code wanted} units from the customer's entitlements for a product, the ones
	 * that renew or end soonest first. Each take is a conditional update, so concurrent takes
	 * never exceed an allowance; a period that has ended is rolled over first.
	 */
	private List<EntitlementTake> takeEntitlements(long customerId, String product, BigDecimal wanted, Instant now) {
		List<EntitlementTake> takes = new ArrayList<>();
		BigDecimal left = wanted;
		for (Entitlement stored : entitlements(customerId, "", product, now)) {
			Entitlement entitlement = stored;
			for (int attempt = 0; attempt < 20 && left.signum() > 0; attempt++) {
				Entitlement thisPeriod = current(entitlement, now);
				if (!thisPeriod.periodStart().equals(entitlement.periodStart())) {
					this.jdbc.update("UPDATE credyt_entitlement SET used = 0, period_start = ?, period_end = ?"
							+ " WHERE id = ? AND period_start = ?", time(thisPeriod.periodStart()), time(thisPeriod.periodEnd()),
							entitlement.id(), time(entitlement.periodStart()));
					entitlement = reread(entitlement);
					continue;
				}
				BigDecimal take = left.min(entitlement.remaining());
				if (take.signum() <= 0) {
					break;
				}
				int updated = this.jdbc.update("UPDATE credyt_entitlement SET used = used + ?"
						+ " WHERE id = ? AND period_start = ? AND used + ? <= units", take, entitlement.id(),
						time(entitlement.periodStart()), take);
				if (updated == 1) {
					takes.add(new EntitlementTake(entitlement.id(), take, entitlement.periodStart()));
					left = left.subtract(take);
					break;
				}
				entitlement = reread(entitlement);
			}
			if (left.signum() == 0) {
				break;
			}
		}
		return takes;
	}

	private Entitlement reread(Entitlement entitlement) {
		return this.jdbc.queryForObject("SELECT * FROM credyt_entitlement WHERE id = ?",
				entitlementMapper(entitlement.customer()), entitlement.id());
	}

	private void recordTakes(UUID holdId, List<EntitlementTake> takes) {
		for (EntitlementTake take : takes) {
			int updated = this.jdbc.update("UPDATE credyt_entitlement_use SET units = units + ?"
					+ " WHERE hold_id = ? AND entitlement_id = ?", take.units(), holdId, take.entitlementId());
			if (updated == 0) {
				this.jdbc.update("INSERT INTO credyt_entitlement_use (hold_id, entitlement_id, units, period_start)"
						+ " VALUES (?, ?, ?, ?)", holdId, take.entitlementId(), take.units(), time(take.periodStart()));
			}
		}
	}

	/**
	 * Gives entitlement units taken by holds back, in entitlement order. Units whose period has
	 * since rolled over are not given back: the new period starts full anyway.
	 * @param holdIds the holds
	 * @param limit how many units at most ({@code null}: all)
	 */
	private void giveBackEntitlements(List<UUID> holdIds, @Nullable BigDecimal limit) {
		List<Object[]> uses = new ArrayList<>();
		for (UUID holdId : holdIds) {
			uses.addAll(this.jdbc.query("SELECT hold_id, entitlement_id, units, period_start FROM credyt_entitlement_use"
					+ " WHERE hold_id = ?", (rs, row) -> new Object[] { Rows.uuid(rs, "hold_id"),
							Rows.uuid(rs, "entitlement_id"), Rows.amount(rs, "units"), Rows.instant(rs, "period_start") },
					holdId));
		}
		uses.sort(Comparator.comparing((Object[] use) -> (UUID) use[1]).thenComparing((Object[] use) -> (UUID) use[0]));
		BigDecimal left = limit;
		for (Object[] use : uses) {
			BigDecimal units = (BigDecimal) use[2];
			BigDecimal back = (left != null) ? left.min(units) : units;
			if (back.signum() <= 0) {
				continue;
			}
			this.jdbc.update("UPDATE credyt_entitlement SET used = used - ? WHERE id = ? AND period_start = ? AND used >= ?",
					back, use[1], time((Instant) use[3]), back);
			this.jdbc.update("UPDATE credyt_entitlement_use SET units = units - ? WHERE hold_id = ? AND entitlement_id = ?",
					back, use[0], use[1]);
			if (left != null) {
				left = left.subtract(back);
			}
		}
	}

	private static BigDecimal total(List<EntitlementTake> takes) {
		return takes.stream().map(EntitlementTake::units).reduce(Money.zero(), BigDecimal::add);
	}

	private record EntitlementTake(UUID entitlementId, BigDecimal units, Instant periodStart) {
	}

	// ------------------------------------------------------------------ adjustments

	@Override
	public Adjustment adjust(String externalId, AdjustmentRequest request) {
		validCustomer(externalId);
		this.catalog.asset(request.asset());
		BigDecimal amount = Money.exact(request.amount(), "amount");
		if (amount.signum() == 0) {
			throw new InvalidRequestException("amount", "an adjustment must not be zero");
		}
		if (request.reason() == null) {
			throw new InvalidRequestException("reason", "an adjustment reason is required");
		}
		if (request.reference() == null || request.reference().isBlank() || request.reference().length() > 255) {
			throw new InvalidRequestException("reference", "an adjustment references what it corrects (1 to 255 characters)");
		}
		if (request.note() != null && request.note().length() > 1024) {
			throw new InvalidRequestException("note", "is at most 1024 characters");
		}
		long customerId = (amount.signum() < 0)
				? payingCustomerId(externalId, request.reason().name(), request.asset(), amount.negate())
				: customerId(externalId);
		Instant now = now();
		UUID id = UUID.randomUUID();
		return this.transactions.run(() -> {
			ensureAccount(customerId, request.asset());
			UUID grantId = null;
			if (amount.signum() > 0) {
				GrantPurpose purpose = (request.purpose() != null) ? request.purpose() : request.reason().defaultPurpose();
				grantId = addGrant(customerId,
						new GrantRequest(request.asset(), amount, purpose, null, null, null, "adjustment:" + id),
						EntryType.ADJUSTMENT, id.toString(), now);
			}
			else {
				BigDecimal taken = amount.negate();
				if (!move(customerId, request.asset(), taken, Money.zero(), now)) {
					throw insufficient(externalId, request.reason().name(), customerId, request.asset(), taken);
				}
				FeeSplit split = consumeGrants(customerId, request.asset(), taken, request.purpose());
				if (request.purpose() != null && split.unfunded().signum() > 0) {
					throw new InsufficientBalanceException(externalId, request.reason().name(), request.asset(), taken,
							taken.subtract(split.unfunded()));
				}
				entry(customerId, request.asset(), amount, EntryType.ADJUSTMENT, id.toString(), now);
			}
			this.jdbc.update("INSERT INTO credyt_adjustment (id, customer_id, asset, amount, reason, reference, note,"
					+ " grant_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, customerId, request.asset(),
					amount, request.reason().name(), request.reference(), request.note(), grantId, time(now));
			return new Adjustment(id, externalId, request.asset(), amount, request.reason(), request.reference(),
					request.note(), grantId, now);
		});
	}

	@Override
	public void overdraftLimit(String externalId, String asset, BigDecimal limit) {
		validCustomer(externalId);
		this.catalog.asset(asset);
		BigDecimal value = Money.exact(limit, "limit");
		if (value.signum() < 0) {
			throw new InvalidRequestException("limit", "must not be negative");
		}
		long customerId = customerId(externalId);
		int updated = this.transactions.run(() -> {
			ensureAccount(customerId, asset);
			return this.jdbc.update("UPDATE credyt_account SET overdraft_limit = ?" + ACCOUNT_KEY
					+ " AND posted - held + ? >= 0", value, customerId, asset, value);
		});
		if (updated == 0) {
			throw new InvalidRequestException("limit",
					"the account is already further below zero than " + value.toPlainString());
		}
	}

	// ------------------------------------------------------------------ history

	@Override
	public Page<LedgerEntry> entries(String externalId, PageRequest page) {
		return page(externalId, page, "credyt_entry", "id DESC",
				(rs, row) -> new LedgerEntry(rs.getLong("id"), externalId, rs.getString("asset"), Rows.amount(rs, "amount"),
						EntryType.valueOf(rs.getString("type")), rs.getString("reference"), Rows.instant(rs, "created_at")));
	}

	@Override
	public Page<UsageRecord> usage(String externalId, PageRequest page) {
		return page(externalId, page, "credyt_usage_event", "recorded_at DESC, id DESC", (rs, row) -> {
			return Rows.usage(rs, externalId);
		});
	}

	@Override
	public Page<Adjustment> adjustments(String externalId, PageRequest page) {
		return page(externalId, page, "credyt_adjustment", "created_at DESC, id DESC",
				(rs, row) -> new Adjustment(Rows.uuid(rs, "id"), externalId, rs.getString("asset"), Rows.amount(rs, "amount"),
						AdjustmentReason.valueOf(rs.getString("reason")), rs.getString("reference"), rs.getString("note"),
						Rows.nullableUuid(rs, "grant_id"), Rows.instant(rs, "created_at")));
	}

	private <T> Page<T> page(String externalId, PageRequest page, String table, String order, RowMapper<T> mapper) {
		validCustomer(externalId);
		Objects.requireNonNull(page, "page");
		Long customerId = existingCustomerId(externalId);
		if (customerId == null) {
			return new Page<>(List.of(), page.page(), page.size(), 0);
		}
		Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE customer_id = ?", Long.class,
				customerId);
		List<T> items = this.jdbc.query("SELECT * FROM " + table + " WHERE customer_id = ? ORDER BY " + order
				+ " LIMIT ? OFFSET ?", mapper, customerId, page.size(), page.offset());
		return new Page<>(items, page.page(), page.size(), (total != null) ? total : 0);
	}

	// ------------------------------------------------------------------ accounts

	private static final class AccountRow {

		final long customerId;

		final String asset;

		BigDecimal posted;

		final BigDecimal held;

		final BigDecimal overdraftLimit;

		@Nullable Instant next;

		AccountRow(long customerId, String asset, BigDecimal posted, BigDecimal held, BigDecimal overdraftLimit,
				@Nullable Instant next) {
			this.customerId = customerId;
			this.asset = asset;
			this.posted = posted;
			this.held = held;
			this.overdraftLimit = overdraftLimit;
			this.next = next;
		}

	}

	private static final RowMapper<AccountRow> ACCOUNT = (rs, row) -> new AccountRow(rs.getLong("customer_id"),
			rs.getString("asset"), Rows.amount(rs, "posted"), Rows.amount(rs, "held"),
			Rows.amount(rs, "overdraft_limit"), Rows.nullableInstant(rs, "next_grant_change_at"));

	/** The slow path's row lock, taken only when grant changes are due or a guard failed. */
	private AccountRow lockAccount(long customerId, String asset) {
		List<AccountRow> rows = this.jdbc.query("SELECT * FROM credyt_account" + ACCOUNT_KEY + " FOR UPDATE", ACCOUNT,
				customerId, asset);
		if (rows.isEmpty()) {
			throw new IllegalStateException("No " + asset + " account for customer " + customerId);
		}
		return rows.get(0);
	}

	private @Nullable AccountRow readAccount(long customerId, String asset) {
		return this.jdbc.query("SELECT * FROM credyt_account" + ACCOUNT_KEY, ACCOUNT, customerId, asset)
			.stream()
			.findFirst()
			.orElse(null);
	}

	/** Writes a locked account's posted balance and next change time. */
	private void writeAccount(AccountRow account) {
		this.jdbc.update("UPDATE credyt_account SET posted = ?, next_grant_change_at = ?" + ACCOUNT_KEY, account.posted,
				time(account.next), account.customerId, account.asset);
	}

	// ------------------------------------------------------------------ plumbing

	/** The current time at the precision both databases store, so what is returned is what is read back. */
	private Instant now() {
		return micros(this.clock.instant());
	}

	private static Instant micros(Instant instant) {
		return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
	}

	/**
	 * Runs hot-path work on one account: batched with concurrent work on the same account when
	 * group commit is on, else as a transaction of its own.
	 */
	private <T> T onAccount(long customerId, String asset, Supplier<T> work) {
		if (this.groupCommitter == null) {
			return this.transactions.run(work);
		}
		return this.groupCommitter.run(customerId + "/" + asset, work, () -> this.transactions.run(work));
	}

	private static RowMapper<CreditGrant> grantMapper(String externalId) {
		return (rs, row) -> new CreditGrant(Rows.uuid(rs, "id"), externalId, rs.getString("asset"),
				GrantPurpose.valueOf(rs.getString("purpose")), Rows.amount(rs, "amount"), Rows.amount(rs, "remaining"),
				rs.getInt("priority"), Rows.instant(rs, "effective_at"), Rows.nullableInstant(rs, "expires_at"),
				rs.getBoolean("effective"), rs.getString("reference"), Rows.instant(rs, "created_at"));
	}

	private static RowMapper<Entitlement> entitlementMapper(String externalId) {
		return (rs, row) -> new Entitlement(Rows.uuid(rs, "id"), externalId, rs.getString("product"),
				Rows.amount(rs, "units"), Rows.amount(rs, "used"), EntitlementPeriod.valueOf(rs.getString("period")),
				Rows.instant(rs, "anchor_at"), Rows.instant(rs, "period_start"), Rows.nullableInstant(rs, "period_end"),
				Rows.nullableInstant(rs, "expires_at"), rs.getString("reference"));
	}

}

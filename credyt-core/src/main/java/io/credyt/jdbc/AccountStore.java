package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

import io.credyt.engine.AccountKey;
import io.credyt.engine.AccountState;
import io.credyt.ledger.AccountBalance;
import io.credyt.money.Money;

import static io.credyt.jdbc.Rows.time;

/**
 * Accounts: one per customer and asset, holding {@code posted} and {@code held}. Every change of
 * a balance is one update whose {@code WHERE} repeats the balance guard, backed by the table's
 * {@code CHECK} constraint; rows are locked in key order.
 */
final class AccountStore {

	private static final String COLUMNS = "customer_id, asset, posted, held, overdraft_limit, next_grant_change_at";

	/**
	 * A batch's accounts, locked in key order, each with whether its customer has any
	 * entitlement (so a batch reads entitlements only for customers that have some).
	 */
	private static final String LOCK_CUSTOMERS = "SELECT " + COLUMNS + ", CASE WHEN EXISTS (SELECT 1 FROM"
			+ " credyt_entitlement e WHERE e.customer_id = a.customer_id) THEN 1 ELSE 0 END AS entitled"
			+ " FROM credyt_account a WHERE customer_id IN (:customers) ORDER BY customer_id, asset FOR UPDATE";

	private static final String LOCK = "SELECT " + COLUMNS + " FROM credyt_account WHERE customer_id = ? AND asset = ?"
			+ " FOR UPDATE";

	private static final String LOCK_ALL = "SELECT " + COLUMNS + " FROM credyt_account WHERE customer_id = ?"
			+ " ORDER BY asset FOR UPDATE";

	private static final String SELECT = "SELECT " + COLUMNS + " FROM credyt_account WHERE customer_id = ? AND asset = ?";

	private static final String SELECT_CUSTOMER = "SELECT " + COLUMNS + " FROM credyt_account WHERE customer_id = ?";

	private static final String SELECT_DUE = "SELECT asset FROM credyt_account WHERE customer_id = ?"
			+ " AND next_grant_change_at <= ?";

	private static final String SELECT_ALL_DUE = "SELECT customer_id, asset FROM credyt_account"
			+ " WHERE next_grant_change_at <= ? ORDER BY next_grant_change_at FETCH FIRST ? ROWS ONLY";

	/** The balance guard: the move happens only if it keeps available at or above minus the overdraft limit. */
	private static final String MOVE = "UPDATE credyt_account SET posted = posted - ?, held = held + ?"
			+ " WHERE customer_id = ? AND asset = ? AND posted - ? - (held + ?) >= -overdraft_limit";

	private static final String WRITE_POSTED = "UPDATE credyt_account SET posted = ?, next_grant_change_at = ?"
			+ " WHERE customer_id = ? AND asset = ?";

	private static final String SET_OVERDRAFT_LIMIT = "UPDATE credyt_account SET overdraft_limit = ?"
			+ " WHERE customer_id = ? AND asset = ? AND posted - held + ? >= 0";

	private static final int MAX_CACHED = 100_000;

	static final RowMapper<AccountRow> ACCOUNT = (rs, row) -> new AccountRow(rs.getLong("customer_id"),
			rs.getString("asset"), Rows.amount(rs, "posted"), Rows.amount(rs, "held"),
			Rows.amount(rs, "overdraft_limit"), Rows.nullableInstant(rs, "next_grant_change_at"));

	private final JdbcOperations jdbc;

	private final NamedParameterJdbcOperations named;

	private final String insert;

	private final BigDecimal defaultOverdraftLimit;

	private final Map<String, Boolean> known = new ConcurrentHashMap<>();

	AccountStore(JdbcOperations jdbc, NamedParameterJdbcOperations named, SqlStatements statements,
			BigDecimal defaultOverdraftLimit) {
		this.jdbc = jdbc;
		this.named = named;
		this.defaultOverdraftLimit = defaultOverdraftLimit;
		this.insert = statements.insertIfAbsent("credyt_account",
				"customer_id, asset, posted, held, overdraft_limit, created_at", "customer_id, asset");
	}

	/**
	 * What a batch read of its customers' accounts found: each account, and the customers that
	 * have any entitlement.
	 */
	record Locked(Map<AccountKey, AccountRow> rows, Set<Long> entitled) {

		/** Nothing found yet: a query fills it. */
		static Locked empty() {
			return new Locked(new LinkedHashMap<>(), new HashSet<>());
		}

	}

	/** The query that locks every account of the customers, in key order, and reads them into {@code locked}. */
	SqlStatements.Query lockCustomers(Collection<Long> customerIds, Locked locked) {
		return SqlStatements.Query.of(LOCK_CUSTOMERS, new MapSqlParameterSource("customers", customerIds), (rs) -> {
			AccountRow row = ACCOUNT.mapRow(rs, 0);
			locked.rows().put(new AccountKey(row.customerId, row.asset), row);
			if (rs.getInt("entitled") == 1) {
				locked.entitled().add(row.customerId);
			}
		});
	}

	/** The planner's view of an account that was locked, or of one that does not exist yet. */
	AccountState state(AccountKey key, @Nullable AccountRow row) {
		if (row == null) {
			return new AccountState(key, false, Money.zero(), Money.zero(), this.defaultOverdraftLimit);
		}
		return new AccountState(key, true, row.posted, row.held, row.overdraftLimit);
	}

	/** Creates the accounts a batch needs; false if another transaction created one meanwhile. */
	boolean create(List<AccountState> accounts, Instant now) {
		if (accounts.isEmpty()) {
			return true;
		}
		List<Object[]> rows = new ArrayList<>();
		for (AccountState account : accounts) {
			rows.add(new Object[] { account.key().customerId(), account.key().asset(), Money.zero(), Money.zero(),
					account.overdraftLimit(), time(now) });
		}
		for (int count : this.jdbc.batchUpdate(this.insert, rows)) {
			if (count == 0) {
				return false;
			}
		}
		return true;
	}

	/** A batch's moves, each guarded (one whose guard fails changes no row). */
	SqlStatements.Write move(List<AccountState> accounts) {
		List<Object[]> rows = new ArrayList<>();
		for (AccountState account : accounts) {
			rows.add(new Object[] { account.debit(), account.holdChange(), account.key().customerId(),
					account.key().asset(), account.debit(), account.holdChange() });
		}
		return new SqlStatements.Write(SqlStatements.BulkWrite.MOVE_ACCOUNTS, MOVE, rows);
	}

	/** One guarded move, for work outside batches; false if the balance does not cover it. */
	boolean move(long customerId, String asset, BigDecimal debit, BigDecimal holdChange) {
		return this.jdbc.update(MOVE, debit, holdChange, customerId, asset, debit, holdChange) == 1;
	}

	/** Creates an account inside the current transaction unless it exists. */
	void createIfAbsent(long customerId, String asset, Instant now) {
		if (this.known.containsKey(customerId + "/" + asset)) {
			return;
		}
		try {
			this.jdbc.update(this.insert, customerId, asset, Money.zero(), Money.zero(), this.defaultOverdraftLimit,
					time(now));
		}
		catch (DuplicateKeyException ex) {
			// H2 only (PostgreSQL's insert does nothing on conflict): another transaction created it
			// and committed; on H2 the failed statement leaves the transaction usable
		}
	}

	void remember(long customerId, String asset) {
		if (this.known.size() >= MAX_CACHED) {
			this.known.clear();
		}
		this.known.put(customerId + "/" + asset, Boolean.TRUE);
	}

	/** Locks one account for work outside batches (grants, adjustments). */
	@Nullable AccountRow lock(long customerId, String asset) {
		return this.jdbc.query(LOCK, ACCOUNT, customerId, asset).stream().findFirst().orElse(null);
	}

	/** Locks every account of one customer, in asset order (an operator's action on the whole wallet). */
	List<AccountRow> lockAll(long customerId) {
		return this.jdbc.query(LOCK_ALL, ACCOUNT, customerId);
	}

	@Nullable AccountRow read(long customerId, String asset) {
		return this.jdbc.query(SELECT, ACCOUNT, customerId, asset).stream().findFirst().orElse(null);
	}

	/** Writes a locked account's posted balance and next grant change. */
	void write(AccountRow account) {
		this.jdbc.update(WRITE_POSTED, account.posted, time(account.next), account.customerId, account.asset);
	}

	/** Sets the overdraft limit unless the account is already further below zero; false then. */
	boolean overdraftLimit(long customerId, String asset, BigDecimal limit) {
		return this.jdbc.update(SET_OVERDRAFT_LIMIT, limit, customerId, asset, limit) == 1;
	}

	/** A customer's accounts as balances, by asset. */
	Map<String, AccountBalance> balances(long customerId) {
		Map<String, AccountBalance> balances = new TreeMap<>();
		for (AccountRow row : this.jdbc.query(SELECT_CUSTOMER, ACCOUNT, customerId)) {
			balances.put(row.asset, new AccountBalance(row.asset, row.posted, row.held, row.posted.subtract(row.held),
					row.overdraftLimit));
		}
		return balances;
	}

	/** The assets of a customer's accounts with a grant change due. */
	List<String> due(long customerId, Instant now) {
		return this.jdbc.queryForList(SELECT_DUE, String.class, customerId, time(now));
	}

	/** Accounts with a grant change due, the most overdue first. */
	List<AccountKey> due(Instant now, int limit) {
		return this.jdbc.query(SELECT_ALL_DUE,
				(rs, row) -> new AccountKey(rs.getLong("customer_id"), rs.getString("asset")), time(now), limit);
	}

	/** An account row read under its lock: posted and the next grant change change as grants are applied. */
	static final class AccountRow {

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

		boolean due(Instant now) {
			return this.next != null && !this.next.isAfter(now);
		}

		BigDecimal spendable() {
			return this.posted.subtract(this.held).add(this.overdraftLimit);
		}

	}

}

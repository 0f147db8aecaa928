package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

import io.credyt.engine.AccountKey;
import io.credyt.engine.GrantLot;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.GrantRequest;
import io.credyt.money.Money;

import static io.credyt.jdbc.Rows.time;

/**
 * Credit grants: lots of value inside an account. Changed only under their account's row lock,
 * so a lot read after the lock is current until the transaction ends.
 */
final class GrantStore {

	private static final String LOTS = "SELECT id, customer_id, asset, purpose, remaining FROM credyt_grant"
			+ " WHERE customer_id IN (:customers) AND effective = TRUE AND remaining > 0"
			+ " ORDER BY customer_id, asset, priority, expires_at NULLS LAST, created_at, id";

	private static final String ACCOUNT_LOTS = "SELECT id, customer_id, asset, purpose, remaining FROM credyt_grant"
			+ " WHERE customer_id = :customer AND asset = :asset AND effective = TRUE AND remaining > 0"
			+ " AND (:purpose IS NULL OR purpose = :purpose) ORDER BY priority, expires_at NULLS LAST, created_at, id";

	private static final String TAKE = "UPDATE credyt_grant SET remaining = remaining - ? WHERE id = ? AND remaining >= ?";

	private static final String INSERT = "INSERT INTO credyt_grant (id, customer_id, asset, purpose, amount, remaining,"
			+ " priority, effective_at, expires_at, effective, reference, created_at)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String STARTING = "SELECT id, amount FROM credyt_grant WHERE customer_id = ? AND asset = ?"
			+ " AND effective = FALSE AND effective_at <= ? ORDER BY effective_at, created_at, id";

	private static final String START = "UPDATE credyt_grant SET effective = TRUE, remaining = ? WHERE id = ?";

	private static final String EXPIRING = "SELECT id, remaining FROM credyt_grant WHERE customer_id = ? AND asset = ?"
			+ " AND effective = TRUE AND remaining > 0 AND expires_at <= ? ORDER BY expires_at, created_at, id";

	private static final String EXPIRE = "UPDATE credyt_grant SET remaining = remaining - ? WHERE id = ?";

	private static final String NEXT_CHANGE = "SELECT MIN(CASE WHEN effective THEN expires_at ELSE effective_at END)"
			+ " FROM credyt_grant WHERE customer_id = ? AND asset = ?"
			+ " AND (effective = FALSE OR (remaining > 0 AND expires_at IS NOT NULL))";

	private static final String BY_REFERENCE = "SELECT * FROM credyt_grant WHERE customer_id = ? AND reference = ?";

	private static final String BY_ID = "SELECT * FROM credyt_grant WHERE id = ?";

	private static final String BY_CUSTOMER = "SELECT * FROM credyt_grant WHERE customer_id = ?"
			+ " ORDER BY created_at DESC, id";

	private final JdbcOperations jdbc;

	private final NamedParameterJdbcOperations named;

	private final AccountStore accounts;

	private final EntryStore entries;

	private final SqlStatements statements;

	GrantStore(JdbcOperations jdbc, NamedParameterJdbcOperations named, SqlStatements statements,
			AccountStore accounts, EntryStore entries) {
		this.jdbc = jdbc;
		this.statements = statements;
		this.named = named;
		this.accounts = accounts;
		this.entries = entries;
	}

	/** The lots with value left of the accounts, each account's in consumption order. */
	Map<AccountKey, List<GrantLot>> lots(Collection<Long> customerIds) {
		Map<AccountKey, List<GrantLot>> lots = new HashMap<>();
		if (!customerIds.isEmpty()) {
			this.statements.queryAll(this.jdbc, List.of(lots(customerIds, lots)));
		}
		return lots;
	}

	/**
	 * The query that reads the lots with value left of the accounts into {@code lots}, each
	 * account's in consumption order. Run after their accounts' lock, in the same transaction.
	 */
	SqlStatements.Query lots(Collection<Long> customerIds, Map<AccountKey, List<GrantLot>> lots) {
		return SqlStatements.Query.of(LOTS, new MapSqlParameterSource("customers", customerIds), (rs) -> {
			lots.computeIfAbsent(new AccountKey(rs.getLong("customer_id"), rs.getString("asset")), (k) -> new ArrayList<>())
				.add(lot(rs));
		});
	}

	/** One account's lots, optionally of one purpose only. */
	List<GrantLot> lots(long customerId, String asset, @Nullable GrantPurpose purpose) {
		MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("customer", customerId)
			.addValue("asset", asset)
			.addValue("purpose", (purpose != null) ? purpose.name() : null, java.sql.Types.VARCHAR);
		return this.named.query(ACCOUNT_LOTS, parameters, (rs, row) -> lot(rs));
	}

	private static GrantLot lot(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new GrantLot(Rows.uuid(rs, "id"), GrantPurpose.valueOf(rs.getString("purpose")),
				Rows.amount(rs, "remaining"));
	}

	/** Writes what was taken from lots, each take guarded; false if one no longer had the value. */
	boolean take(List<GrantLot> lots) {
		SqlStatements.Write take = takes(lots);
		return this.statements.writeAll(this.jdbc, take.kind(), take.rowSql(), take.rows()) == lots.size();
	}

	/** What was taken from lots, each take guarded (one whose lot no longer has the value changes no row). */
	SqlStatements.Write takes(List<GrantLot> lots) {
		List<Object[]> rows = new ArrayList<>();
		for (GrantLot lot : lots) {
			rows.add(new Object[] { lot.taken(), lot.id(), lot.taken() });
		}
		return new SqlStatements.Write(SqlStatements.BulkWrite.TAKE_GRANTS, TAKE, rows);
	}

	/**
	 * Adds a grant to a locked account. Value effective now is posted at once (settling any
	 * overdraft first) with an entry of {@code entryType}; value effective later waits for its time.
	 */
	UUID add(AccountStore.AccountRow account, GrantRequest request, EntryType entryType,
			@Nullable String entryReference, Instant now) {
		UUID id = UUID.randomUUID();
		Instant effectiveAt = (request.effectiveAt() != null) ? request.effectiveAt() : now;
		boolean effective = !effectiveAt.isAfter(now);
		int priority = (request.priority() != null) ? request.priority() : request.purpose().defaultPriority();
		BigDecimal remaining = effective ? settleDebt(account, request.amount()) : request.amount();
		this.jdbc.update(INSERT, id, account.customerId, request.asset(), request.purpose().name(), request.amount(),
				remaining, priority, time(effectiveAt), time(request.expiresAt()), effective, request.reference(),
				time(now));
		if (effective) {
			account.posted = account.posted.add(request.amount());
			this.entries.post(account.customerId, request.asset(), request.amount(), entryType,
					(entryReference != null) ? entryReference : id.toString(), now);
			account.next = earliest(account.next, request.expiresAt());
		}
		else {
			account.next = earliest(account.next, effectiveAt);
		}
		this.accounts.write(account);
		return id;
	}

	/**
	 * Applies due grant changes to a locked account: grants whose time has come are posted, then
	 * the remaining value of expired grants is taken out, but never value that active holds
	 * reserve (that part waits for them to end).
	 */
	void applyDueChanges(AccountStore.AccountRow account, Instant now) {
		if (!account.due(now)) {
			return;
		}
		List<Object[]> starting = this.jdbc.query(STARTING,
				(rs, row) -> new Object[] { Rows.uuid(rs, "id"), Rows.amount(rs, "amount") }, account.customerId,
				account.asset, time(now));
		for (Object[] grant : starting) {
			BigDecimal amount = (BigDecimal) grant[1];
			this.jdbc.update(START, settleDebt(account, amount), grant[0]);
			account.posted = account.posted.add(amount);
			this.entries.post(account.customerId, account.asset, amount, EntryType.GRANT, grant[0].toString(), now);
		}
		List<Object[]> expiring = this.jdbc.query(EXPIRING,
				(rs, row) -> new Object[] { Rows.uuid(rs, "id"), Rows.amount(rs, "remaining") }, account.customerId,
				account.asset, time(now));
		BigDecimal unreserved = account.posted.subtract(account.held).max(Money.zero());
		for (Object[] grant : expiring) {
			BigDecimal expired = unreserved.min((BigDecimal) grant[1]);
			if (expired.signum() == 0) {
				break;
			}
			this.jdbc.update(EXPIRE, expired, grant[0]);
			account.posted = account.posted.subtract(expired);
			unreserved = unreserved.subtract(expired);
			this.entries.post(account.customerId, account.asset, expired.negate(), EntryType.GRANT_EXPIRY,
					grant[0].toString(), now);
		}
		account.next = this.jdbc.queryForObject(NEXT_CHANGE, (rs, row) -> Rows.nullableInstant(rs, 1),
				account.customerId, account.asset);
		this.accounts.write(account);
	}

	/** What is left of new value once it has paid back an overdraft. */
	private static BigDecimal settleDebt(AccountStore.AccountRow account, BigDecimal amount) {
		BigDecimal debt = account.posted.negate().max(Money.zero());
		return amount.subtract(amount.min(debt));
	}

	private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isBefore(b)) ? a : b;
	}

	@Nullable CreditGrant byReference(long customerId, String externalId, @Nullable String reference) {
		if (reference == null) {
			return null;
		}
		return this.jdbc.query(BY_REFERENCE, mapper(externalId), customerId, reference).stream().findFirst().orElse(null);
	}

	CreditGrant byId(UUID id, String externalId) {
		return this.jdbc.queryForObject(BY_ID, mapper(externalId), id);
	}

	List<CreditGrant> of(long customerId, String externalId) {
		return this.jdbc.query(BY_CUSTOMER, mapper(externalId), customerId);
	}

	private static RowMapper<CreditGrant> mapper(String externalId) {
		return (rs, row) -> new CreditGrant(Rows.uuid(rs, "id"), externalId, rs.getString("asset"),
				GrantPurpose.valueOf(rs.getString("purpose")), Rows.amount(rs, "amount"), Rows.amount(rs, "remaining"),
				rs.getInt("priority"), Rows.instant(rs, "effective_at"), Rows.nullableInstant(rs, "expires_at"),
				rs.getBoolean("effective"), rs.getString("reference"), Rows.instant(rs, "created_at"));
	}

}

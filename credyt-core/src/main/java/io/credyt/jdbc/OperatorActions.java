package io.credyt.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.adjust.ActionConflictException;
import io.credyt.adjust.OperatorAction;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.UnknownCustomerException;
import io.credyt.transaction.RetryingTransactions;

import static io.credyt.jdbc.Rows.time;

/**
 * What every operator action shares: the customer's accounts locked in asset order with their due
 * grant changes applied, the action's row under its idempotency key (its fingerprint tells a
 * replay from another action), and the balance events told to the listeners before the commit.
 */
final class OperatorActions {

	private static final String ACTION = "SELECT fingerprint, result_id FROM credyt_action WHERE idempotency_key = ?";

	private static final String INSERT_ACTION = "INSERT INTO credyt_action (idempotency_key, customer_id, kind,"
			+ " fingerprint, actor, reason, result_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

	final JdbcTemplate jdbc;

	final Stores stores;

	final RetryingTransactions transactions;

	final CreditOperations credits;

	private final LedgerEventListener listener;

	private final Clock clock;

	OperatorActions(JdbcTemplate jdbc, Stores stores, RetryingTransactions transactions, CreditOperations credits,
			LedgerEventListener listener, Clock clock) {
		this.jdbc = jdbc;
		this.stores = stores;
		this.transactions = transactions;
		this.credits = credits;
		this.listener = listener;
		this.clock = clock;
	}

	/** An action stored under a key: what it was (its fingerprint) and what it made. */
	record ActionRow(String fingerprint, @Nullable String resultId) {
	}

	/** The customer's accounts, locked in asset order, with their due grant changes applied. */
	Map<String, AccountStore.AccountRow> lockAccounts(long customerId, Instant now) {
		Map<String, AccountStore.AccountRow> accounts = new LinkedHashMap<>();
		for (AccountStore.AccountRow account : this.stores.accounts().lockAll(customerId)) {
			this.stores.grants().applyDueChanges(account, now);
			accounts.put(account.asset, account);
		}
		return accounts;
	}

	/** Each locked account's available balance, to compare with when the action is done. */
	static Map<String, BigDecimal> available(Map<String, AccountStore.AccountRow> accounts) {
		Map<String, BigDecimal> available = new HashMap<>();
		accounts.forEach((asset, account) -> available.put(asset, account.posted.subtract(account.held)));
		return available;
	}

	/** Adds a balance event per account that moved, and tells the listeners before the commit. */
	void committing(String customer, long customerId, Map<String, BigDecimal> before, List<LedgerEvent> events) {
		for (Map.Entry<String, BigDecimal> account : before.entrySet()) {
			AccountStore.AccountRow after = Objects
				.requireNonNull(this.stores.accounts().read(customerId, account.getKey()));
			BigDecimal available = after.posted.subtract(after.held);
			if (available.compareTo(account.getValue()) != 0) {
				events.add(new LedgerEvent.BalanceChanged(customer, account.getKey(), account.getValue(), available));
			}
		}
		if (!events.isEmpty()) {
			this.listener.committing(events);
		}
	}

	long existingCustomer(String customer) {
		Long id = knownCustomer(customer);
		if (id == null) {
			throw new UnknownCustomerException(customer);
		}
		return id;
	}

	@Nullable Long knownCustomer(String customer) {
		CustomerStore.validCustomer(customer);
		return this.stores.customers().existingId(customer);
	}

	/** The action stored under the key, if any; one with another fingerprint is a conflict. */
	@Nullable ActionRow action(String key, String fingerprint) {
		List<ActionRow> found = this.jdbc.query(ACTION,
				(rs, row) -> new ActionRow(rs.getString("fingerprint"), rs.getString("result_id")), key);
		if (found.isEmpty()) {
			return null;
		}
		if (!found.get(0).fingerprint().equals(fingerprint)) {
			throw new ActionConflictException(key);
		}
		return found.get(0);
	}

	/** Records the action; a key another transaction recorded meanwhile fails with a duplicate key. */
	void insert(OperatorAction action, long customerId, String kind, String fingerprint, @Nullable String resultId,
			Instant now) {
		this.jdbc.update(INSERT_ACTION, action.idempotencyKey(), customerId, kind, fingerprint, action.operator(),
				action.reason(), resultId, time(now));
	}

	/** What an action is, as a digest of its kind and arguments. */
	static String fingerprint(String... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String part : parts) {
				digest.update(part.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing", ex);
		}
	}

	Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}

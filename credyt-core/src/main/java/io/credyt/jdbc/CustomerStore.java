package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;

import io.credyt.InvalidRequestException;
import io.credyt.ledger.Customer;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.money.Asset;
import io.credyt.transaction.RetryingTransactions;

import static io.credyt.jdbc.Rows.time;

/**
 * Customers: the app's user ids mapped to the ledger's, created with their base-currency account
 * on first use. Ids never change, so they are cached (bounded).
 */
final class CustomerStore {

	private static final String SELECT_ID = "SELECT id FROM credyt_customer WHERE external_id = ?";

	private static final String SELECT_BY_EXTERNAL_ID = "SELECT id, external_id, created_at FROM credyt_customer"
			+ " WHERE external_id = ?";

	private static final int MAX_CACHED = 100_000;

	private static final RowMapper<Customer> CUSTOMER = (rs, row) -> new Customer(rs.getLong("id"),
			rs.getString("external_id"), Rows.instant(rs, "created_at"));

	private final JdbcOperations jdbc;

	private final RetryingTransactions transactions;

	private final AccountStore accounts;

	private final String insertCustomer;

	private final BigDecimal defaultOverdraftLimit;

	private final Map<String, Long> ids = new ConcurrentHashMap<>();

	CustomerStore(JdbcOperations jdbc, RetryingTransactions transactions, SqlStatements statements,
			AccountStore accounts, BigDecimal defaultOverdraftLimit) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.accounts = accounts;
		this.defaultOverdraftLimit = defaultOverdraftLimit;
		this.insertCustomer = statements.insertIfAbsent("credyt_customer", "external_id, created_at", "external_id");
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

	Optional<Customer> find(String externalId) {
		validCustomer(externalId);
		return this.jdbc.query(SELECT_BY_EXTERNAL_ID, CUSTOMER, externalId).stream().findFirst();
	}

	/** The customer's id, creating the customer (and their base-currency account) if needed. */
	long id(String externalId, Instant now) {
		validCustomer(externalId);
		Long cached = this.ids.get(externalId);
		if (cached != null) {
			return cached;
		}
		Long id = existingId(externalId);
		if (id == null) {
			try {
				this.transactions.run(() -> {
					this.jdbc.update(this.insertCustomer, externalId, time(now));
					Long created = existingId(externalId);
					if (created != null) {
						this.accounts.createIfAbsent(created, Asset.USD.code(), now);
					}
					return created;
				});
			}
			catch (DuplicateKeyException ex) {
				// another instance created it at the same moment: use theirs
			}
			id = existingId(externalId);
			if (id == null) {
				throw new IllegalStateException("Customer '" + externalId + "' was not created");
			}
		}
		remember(externalId, id);
		this.accounts.remember(id, Asset.USD.code());
		return id;
	}

	/**
	 * The customer who is to pay an amount. A customer the ledger has never seen has nothing to
	 * pay with, so unless new accounts may overdraw far enough, the usage is declined without
	 * writing anything.
	 */
	long paying(String externalId, String product, String asset, BigDecimal amount, Instant now) {
		Long cached = this.ids.get(externalId);
		if (cached != null) {
			return cached;
		}
		if (existingId(externalId) == null && this.defaultOverdraftLimit.compareTo(amount) < 0) {
			throw new InsufficientBalanceException(externalId, product, asset, amount, this.defaultOverdraftLimit);
		}
		return id(externalId, now);
	}

	/** The customer's id if the ledger knows them. */
	@Nullable Long existingId(String externalId) {
		Long cached = this.ids.get(externalId);
		if (cached != null) {
			return cached;
		}
		List<Long> found = this.jdbc.queryForList(SELECT_ID, Long.class, externalId);
		return found.isEmpty() ? null : found.get(0);
	}

	private void remember(String externalId, long id) {
		if (this.ids.size() >= MAX_CACHED) {
			this.ids.clear();
		}
		this.ids.put(externalId, id);
	}

}

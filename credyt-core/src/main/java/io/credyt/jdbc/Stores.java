package io.credyt.jdbc;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.credyt.transaction.RetryingTransactions;

/**
 * The ledger's stores, one per concept, on one database.
 */
record Stores(CustomerStore customers, AccountStore accounts, GrantStore grants, EntitlementStore entitlements,
		HoldStore holds, UsageStore usage, EntryStore entries) {

	/** The stores on one database, with the SQL of its dialect. */
	static Stores create(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, SqlStatements statements,
			RetryingTransactions transactions, LedgerOptions options) {
		AccountStore accounts = new AccountStore(jdbc, named, statements, options.defaultOverdraftLimit());
		EntryStore entries = new EntryStore(jdbc);
		return new Stores(new CustomerStore(jdbc, transactions, statements, accounts, options.defaultOverdraftLimit()),
				accounts, new GrantStore(jdbc, named, statements, accounts, entries), new EntitlementStore(jdbc, named),
				new HoldStore(jdbc, named), new UsageStore(jdbc, named, statements), entries);
	}

}

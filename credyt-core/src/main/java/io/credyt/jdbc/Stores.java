package io.credyt.jdbc;

/**
 * The ledger's stores, one per concept, on one database.
 */
record Stores(CustomerStore customers, AccountStore accounts, GrantStore grants, EntitlementStore entitlements,
		HoldStore holds, UsageStore usage, EntryStore entries) {
}

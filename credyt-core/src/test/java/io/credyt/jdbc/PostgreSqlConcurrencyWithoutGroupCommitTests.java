package io.credyt.jdbc;

/**
 * The concurrency behaviours on PostgreSQL with group commit off: every operation a transaction of
 * its own.
 */
class PostgreSqlConcurrencyWithoutGroupCommitTests extends PostgreSqlConcurrencyBehaviourTests {

	@Override
	protected LedgerOptions options() {
		return super.options().groupCommit(LedgerOptions.GroupCommit.OFF);
	}

}

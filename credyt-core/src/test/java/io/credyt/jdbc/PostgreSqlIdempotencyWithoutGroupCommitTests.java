package io.credyt.jdbc;

/**
 * The idempotency behaviours on PostgreSQL with group commit off: every operation a transaction of
 * its own.
 */
class PostgreSqlIdempotencyWithoutGroupCommitTests extends PostgreSqlIdempotencyBehaviourTests {

	@Override
	protected LedgerOptions options() {
		return super.options().groupCommit(LedgerOptions.GroupCommit.OFF);
	}

}

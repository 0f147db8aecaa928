package io.credyt.jdbc;

/**
 * The concurrency behaviours on H2 with group commit off: every operation a transaction of
 * its own.
 */
class H2ConcurrencyWithoutGroupCommitTests extends H2ConcurrencyBehaviourTests {

	@Override
	protected LedgerOptions options() {
		return super.options().groupCommit(LedgerOptions.GroupCommit.OFF);
	}

}

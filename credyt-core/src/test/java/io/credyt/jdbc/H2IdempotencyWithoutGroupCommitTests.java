package io.credyt.jdbc;

/**
 * The idempotency behaviours on H2 with group commit off: every operation a transaction of
 * its own.
 */
class H2IdempotencyWithoutGroupCommitTests extends H2IdempotencyBehaviourTests {

	@Override
	protected LedgerOptions options() {
		return super.options().groupCommit(LedgerOptions.GroupCommit.OFF);
	}

}

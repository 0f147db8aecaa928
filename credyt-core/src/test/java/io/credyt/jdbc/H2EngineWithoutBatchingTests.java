package io.credyt.jdbc;

/** The same engine behaviours with every command a transaction of its own. */
class H2EngineWithoutBatchingTests extends H2EngineBehaviourTests {

	@Override
	protected LedgerOptions options() {
		return super.options().groupCommit(LedgerOptions.GroupCommit.OFF);
	}

}

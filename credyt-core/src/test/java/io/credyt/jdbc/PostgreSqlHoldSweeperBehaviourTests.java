package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlHoldSweeperBehaviourTests extends HoldSweeperBehaviourTests {

	PostgreSqlHoldSweeperBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

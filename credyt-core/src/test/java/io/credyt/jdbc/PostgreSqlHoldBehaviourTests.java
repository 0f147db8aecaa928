package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlHoldBehaviourTests extends HoldBehaviourTests {

	PostgreSqlHoldBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

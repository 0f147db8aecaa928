package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlAdjustmentBehaviourTests extends AdjustmentBehaviourTests {

	PostgreSqlAdjustmentBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlRefundBehaviourTests extends RefundBehaviourTests {

	PostgreSqlRefundBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

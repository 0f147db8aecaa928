package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlConcurrencyBehaviourTests extends ConcurrencyBehaviourTests {

	PostgreSqlConcurrencyBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

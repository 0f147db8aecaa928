package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlOverdraftBehaviourTests extends OverdraftBehaviourTests {

	PostgreSqlOverdraftBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

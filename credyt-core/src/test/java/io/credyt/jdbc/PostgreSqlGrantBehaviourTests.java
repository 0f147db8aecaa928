package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlGrantBehaviourTests extends GrantBehaviourTests {

	PostgreSqlGrantBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

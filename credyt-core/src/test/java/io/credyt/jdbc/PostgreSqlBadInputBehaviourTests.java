package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlBadInputBehaviourTests extends BadInputBehaviourTests {

	PostgreSqlBadInputBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

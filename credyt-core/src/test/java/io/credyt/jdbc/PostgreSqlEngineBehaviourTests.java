package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlEngineBehaviourTests extends EngineBehaviourTests {

	PostgreSqlEngineBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

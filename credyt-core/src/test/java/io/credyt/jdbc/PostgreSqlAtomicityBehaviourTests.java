package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlAtomicityBehaviourTests extends AtomicityBehaviourTests {

	PostgreSqlAtomicityBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlGroupCommitBehaviourTests extends GroupCommitBehaviourTests {

	PostgreSqlGroupCommitBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlPagingBehaviourTests extends PagingBehaviourTests {

	PostgreSqlPagingBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlCustomerBehaviourTests extends CustomerBehaviourTests {

	PostgreSqlCustomerBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

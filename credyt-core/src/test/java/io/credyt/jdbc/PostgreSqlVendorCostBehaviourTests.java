package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlVendorCostBehaviourTests extends VendorCostBehaviourTests {

	PostgreSqlVendorCostBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

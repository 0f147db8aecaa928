package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlEntitlementBehaviourTests extends EntitlementBehaviourTests {

	PostgreSqlEntitlementBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.payment;

import io.credyt.testing.TestDatabases;

class PostgreSqlTestCheckoutInstancesBehaviourTests extends TestCheckoutInstancesBehaviourTests {

	PostgreSqlTestCheckoutInstancesBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlPaymentStoreBehaviourTests extends PaymentStoreBehaviourTests {

	PostgreSqlPaymentStoreBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

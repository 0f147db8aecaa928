package io.credyt.payment;

import io.credyt.testing.TestDatabases;

class PostgreSqlAutoTopUpBehaviourTests extends AutoTopUpBehaviourTests {

	PostgreSqlAutoTopUpBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

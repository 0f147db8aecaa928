package io.credyt.payment;

import io.credyt.testing.TestDatabases;

class PostgreSqlTopUpBehaviourTests extends TopUpBehaviourTests {

	PostgreSqlTopUpBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

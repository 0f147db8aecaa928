package io.credyt.payment;

import io.credyt.testing.TestDatabases;

class PostgreSqlTopUpRefundBehaviourTests extends TopUpRefundBehaviourTests {

	PostgreSqlTopUpRefundBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

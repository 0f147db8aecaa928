package io.credyt.payment;

import io.credyt.testing.TestDatabases;

class PostgreSqlPaymentRecordBehaviourTests extends PaymentRecordBehaviourTests {

	PostgreSqlPaymentRecordBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.payment;

import io.credyt.testing.TestDatabases;

class H2PaymentRecordBehaviourTests extends PaymentRecordBehaviourTests {

	H2PaymentRecordBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

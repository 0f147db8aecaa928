package io.credyt.payment;

import io.credyt.testing.TestDatabases;

class H2TopUpRefundBehaviourTests extends TopUpRefundBehaviourTests {

	H2TopUpRefundBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

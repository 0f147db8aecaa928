package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2PaymentStoreBehaviourTests extends PaymentStoreBehaviourTests {

	H2PaymentStoreBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

package io.credyt.payment;

import io.credyt.testing.TestDatabases;

class H2TopUpBehaviourTests extends TopUpBehaviourTests {

	H2TopUpBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

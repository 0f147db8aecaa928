package io.credyt.payment;

import io.credyt.testing.TestDatabases;

class H2AutoTopUpBehaviourTests extends AutoTopUpBehaviourTests {

	H2AutoTopUpBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

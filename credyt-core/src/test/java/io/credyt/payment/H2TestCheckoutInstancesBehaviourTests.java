package io.credyt.payment;

import io.credyt.testing.TestDatabases;

class H2TestCheckoutInstancesBehaviourTests extends TestCheckoutInstancesBehaviourTests {

	H2TestCheckoutInstancesBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

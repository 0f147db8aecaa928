package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class H2BillableConcurrencyBehaviourTests extends BillableConcurrencyBehaviourTests {

	H2BillableConcurrencyBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

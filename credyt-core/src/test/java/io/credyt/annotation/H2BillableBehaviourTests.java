package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class H2BillableBehaviourTests extends BillableBehaviourTests {

	H2BillableBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

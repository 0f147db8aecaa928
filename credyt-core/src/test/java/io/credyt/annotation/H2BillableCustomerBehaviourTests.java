package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class H2BillableCustomerBehaviourTests extends BillableCustomerBehaviourTests {

	H2BillableCustomerBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

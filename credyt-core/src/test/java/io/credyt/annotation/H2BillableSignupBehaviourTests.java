package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class H2BillableSignupBehaviourTests extends BillableSignupBehaviourTests {

	H2BillableSignupBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

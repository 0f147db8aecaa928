package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class H2BillableStartupBehaviourTests extends BillableStartupBehaviourTests {

	H2BillableStartupBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

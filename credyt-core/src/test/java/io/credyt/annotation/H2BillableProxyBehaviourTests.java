package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class H2BillableProxyBehaviourTests extends BillableProxyBehaviourTests {

	H2BillableProxyBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2VendorCostBehaviourTests extends VendorCostBehaviourTests {

	H2VendorCostBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2EntitlementBehaviourTests extends EntitlementBehaviourTests {

	H2EntitlementBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

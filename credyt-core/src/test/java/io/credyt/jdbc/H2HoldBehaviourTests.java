package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2HoldBehaviourTests extends HoldBehaviourTests {

	H2HoldBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

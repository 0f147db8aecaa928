package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2CustomerBehaviourTests extends CustomerBehaviourTests {

	H2CustomerBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

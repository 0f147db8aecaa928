package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2BadInputBehaviourTests extends BadInputBehaviourTests {

	H2BadInputBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

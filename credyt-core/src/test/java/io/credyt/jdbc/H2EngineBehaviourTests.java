package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2EngineBehaviourTests extends EngineBehaviourTests {

	H2EngineBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2GrantBehaviourTests extends GrantBehaviourTests {

	H2GrantBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

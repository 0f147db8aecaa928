package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2OverdraftBehaviourTests extends OverdraftBehaviourTests {

	H2OverdraftBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

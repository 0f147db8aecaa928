package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2HoldSweeperBehaviourTests extends HoldSweeperBehaviourTests {

	H2HoldSweeperBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

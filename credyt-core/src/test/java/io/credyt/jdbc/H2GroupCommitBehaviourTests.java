package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2GroupCommitBehaviourTests extends GroupCommitBehaviourTests {

	H2GroupCommitBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

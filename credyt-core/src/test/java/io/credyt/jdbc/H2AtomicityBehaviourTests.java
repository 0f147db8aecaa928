package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2AtomicityBehaviourTests extends AtomicityBehaviourTests {

	H2AtomicityBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

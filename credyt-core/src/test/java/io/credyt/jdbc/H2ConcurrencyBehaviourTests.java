package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2ConcurrencyBehaviourTests extends ConcurrencyBehaviourTests {

	H2ConcurrencyBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

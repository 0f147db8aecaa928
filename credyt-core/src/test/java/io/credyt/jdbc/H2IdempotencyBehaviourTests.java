package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2IdempotencyBehaviourTests extends IdempotencyBehaviourTests {

	H2IdempotencyBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2AdjustmentBehaviourTests extends AdjustmentBehaviourTests {

	H2AdjustmentBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

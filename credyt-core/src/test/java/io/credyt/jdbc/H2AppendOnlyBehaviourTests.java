package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2AppendOnlyBehaviourTests extends AppendOnlyBehaviourTests {

	H2AppendOnlyBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

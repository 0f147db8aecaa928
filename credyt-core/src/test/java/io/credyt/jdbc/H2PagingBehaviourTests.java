package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2PagingBehaviourTests extends PagingBehaviourTests {

	H2PagingBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

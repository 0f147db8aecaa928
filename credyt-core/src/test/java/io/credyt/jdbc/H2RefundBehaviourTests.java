package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2RefundBehaviourTests extends RefundBehaviourTests {

	H2RefundBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2MoneyBehaviourTests extends MoneyBehaviourTests {

	H2MoneyBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

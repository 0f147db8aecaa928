package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlMoneyBehaviourTests extends MoneyBehaviourTests {

	PostgreSqlMoneyBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

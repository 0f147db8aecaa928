package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlSubscriptionBehaviourTests extends SubscriptionBehaviourTests {

	PostgreSqlSubscriptionBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

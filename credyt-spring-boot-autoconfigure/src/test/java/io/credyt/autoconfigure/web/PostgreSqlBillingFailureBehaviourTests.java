package io.credyt.autoconfigure.web;

import io.credyt.testing.TestDatabases;

class PostgreSqlBillingFailureBehaviourTests extends BillingFailureBehaviourTests {

	PostgreSqlBillingFailureBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

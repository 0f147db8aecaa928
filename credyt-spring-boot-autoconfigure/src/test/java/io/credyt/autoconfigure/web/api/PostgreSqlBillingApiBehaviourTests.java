package io.credyt.autoconfigure.web.api;

import io.credyt.testing.TestDatabases;

class PostgreSqlBillingApiBehaviourTests extends BillingApiBehaviourTests {

	PostgreSqlBillingApiBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class PostgreSqlBillableProxyBehaviourTests extends BillableProxyBehaviourTests {

	PostgreSqlBillableProxyBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

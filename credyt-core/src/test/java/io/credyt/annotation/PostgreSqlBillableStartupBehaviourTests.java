package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class PostgreSqlBillableStartupBehaviourTests extends BillableStartupBehaviourTests {

	PostgreSqlBillableStartupBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class PostgreSqlBillableBehaviourTests extends BillableBehaviourTests {

	PostgreSqlBillableBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class PostgreSqlBillableConcurrencyBehaviourTests extends BillableConcurrencyBehaviourTests {

	PostgreSqlBillableConcurrencyBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

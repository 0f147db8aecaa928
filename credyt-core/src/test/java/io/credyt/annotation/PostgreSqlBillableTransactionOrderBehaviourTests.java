package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class PostgreSqlBillableTransactionOrderBehaviourTests extends BillableTransactionOrderBehaviourTests {

	PostgreSqlBillableTransactionOrderBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

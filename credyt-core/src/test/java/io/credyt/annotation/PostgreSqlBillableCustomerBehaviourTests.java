package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class PostgreSqlBillableCustomerBehaviourTests extends BillableCustomerBehaviourTests {

	PostgreSqlBillableCustomerBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

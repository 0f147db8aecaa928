package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class PostgreSqlBillableSignupBehaviourTests extends BillableSignupBehaviourTests {

	PostgreSqlBillableSignupBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

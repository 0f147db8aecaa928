package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlBillingReportsBehaviourTests extends BillingReportsBehaviourTests {

	PostgreSqlBillingReportsBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

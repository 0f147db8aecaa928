package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2BillingReportsBehaviourTests extends BillingReportsBehaviourTests {

	H2BillingReportsBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

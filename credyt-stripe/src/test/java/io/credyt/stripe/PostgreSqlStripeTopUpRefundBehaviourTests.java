package io.credyt.stripe;

import io.credyt.testing.TestDatabases;

class PostgreSqlStripeTopUpRefundBehaviourTests extends StripeTopUpRefundBehaviourTests {

	PostgreSqlStripeTopUpRefundBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

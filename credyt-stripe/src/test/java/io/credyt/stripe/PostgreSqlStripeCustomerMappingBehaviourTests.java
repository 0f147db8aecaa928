package io.credyt.stripe;

import io.credyt.testing.TestDatabases;

class PostgreSqlStripeCustomerMappingBehaviourTests extends StripeCustomerMappingBehaviourTests {

	PostgreSqlStripeCustomerMappingBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.stripe;

import io.credyt.testing.TestDatabases;

class H2StripeCustomerMappingBehaviourTests extends StripeCustomerMappingBehaviourTests {

	H2StripeCustomerMappingBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

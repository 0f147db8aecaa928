package io.credyt.stripe;

import io.credyt.testing.TestDatabases;

class H2StripeTopUpRefundBehaviourTests extends StripeTopUpRefundBehaviourTests {

	H2StripeTopUpRefundBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

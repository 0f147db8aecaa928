package io.credyt.autoconfigure.web;

import io.credyt.testing.TestDatabases;

class H2BillingFailureBehaviourTests extends BillingFailureBehaviourTests {

	H2BillingFailureBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

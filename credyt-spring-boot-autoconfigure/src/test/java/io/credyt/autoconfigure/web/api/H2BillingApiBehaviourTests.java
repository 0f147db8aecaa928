package io.credyt.autoconfigure.web.api;

import io.credyt.testing.TestDatabases;

class H2BillingApiBehaviourTests extends BillingApiBehaviourTests {

	H2BillingApiBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class H2SubscriptionBehaviourTests extends SubscriptionBehaviourTests {

	H2SubscriptionBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

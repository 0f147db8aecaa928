package io.credyt.webhook;

import io.credyt.testing.TestDatabases;

class H2WebhookBehaviourTests extends WebhookBehaviourTests {

	H2WebhookBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

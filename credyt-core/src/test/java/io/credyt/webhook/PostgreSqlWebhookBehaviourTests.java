package io.credyt.webhook;

import io.credyt.testing.TestDatabases;

class PostgreSqlWebhookBehaviourTests extends WebhookBehaviourTests {

	PostgreSqlWebhookBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

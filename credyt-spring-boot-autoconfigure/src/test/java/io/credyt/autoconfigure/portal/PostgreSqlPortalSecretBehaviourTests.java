package io.credyt.autoconfigure.portal;

import io.credyt.testing.TestDatabases;

class PostgreSqlPortalSecretBehaviourTests extends PortalSecretBehaviourTests {

	PostgreSqlPortalSecretBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.autoconfigure.portal;

import io.credyt.testing.TestDatabases;

class H2PortalSecretBehaviourTests extends PortalSecretBehaviourTests {

	H2PortalSecretBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

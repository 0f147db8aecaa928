package io.credyt.autoconfigure.actuate;

import io.credyt.testing.TestDatabases;

class H2CredytEndpointBehaviourTests extends CredytEndpointBehaviourTests {

	H2CredytEndpointBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

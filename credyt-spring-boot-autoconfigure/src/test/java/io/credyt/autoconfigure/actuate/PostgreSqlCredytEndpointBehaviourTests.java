package io.credyt.autoconfigure.actuate;

import io.credyt.testing.TestDatabases;

class PostgreSqlCredytEndpointBehaviourTests extends CredytEndpointBehaviourTests {

	PostgreSqlCredytEndpointBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.autoconfigure.portal;

import io.credyt.testing.TestDatabases;

class PostgreSqlUsedPortalLinksBehaviourTests extends UsedPortalLinksBehaviourTests {

	PostgreSqlUsedPortalLinksBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

package io.credyt.autoconfigure.portal;

import io.credyt.testing.TestDatabases;

class H2UsedPortalLinksBehaviourTests extends UsedPortalLinksBehaviourTests {

	H2UsedPortalLinksBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

package io.credyt.annotation;

import io.credyt.testing.TestDatabases;

class H2BillableTransactionOrderBehaviourTests extends BillableTransactionOrderBehaviourTests {

	H2BillableTransactionOrderBehaviourTests() {
		super(TestDatabases.Kind.H2);
	}

}

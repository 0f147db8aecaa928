package io.credyt.jdbc;

import io.credyt.testing.TestDatabases;

class PostgreSqlIdempotencyBehaviourTests extends IdempotencyBehaviourTests {

	PostgreSqlIdempotencyBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

}

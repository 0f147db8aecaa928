package io.credyt.test;

import com.zaxxer.hikari.HikariDataSource;
import io.credyt.testing.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The kit on a fresh database of an embedded PostgreSQL server.
 */
class PostgreSqlCredytTestKitBehaviourTests extends CredytTestKitBehaviourTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		String url;
		String username;
		String password;
		try (HikariDataSource database = TestDatabases.postgres()) {
			url = database.getJdbcUrl();
			username = database.getUsername();
			password = database.getPassword();
		}
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> username);
		registry.add("spring.datasource.password", () -> password);
		registry.add("credyt.jdbc.initialize-schema", () -> "always");
	}

}

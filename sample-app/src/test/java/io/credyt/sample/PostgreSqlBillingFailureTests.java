package io.credyt.sample;

import com.zaxxer.hikari.HikariDataSource;
import io.credyt.testing.TestDatabases;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dropped commit with the {@code postgres} profile, on a fresh database of an embedded
 * PostgreSQL server.
 */
@ActiveProfiles("postgres")
class PostgreSqlBillingFailureTests extends BillingFailureTests {

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
	}

}

package io.credyt.autoconfigure.jdbc;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;

/**
 * The JDBC ledger's schema: by default its tables are created at start-up on an embedded
 * (in-memory) database only; {@code credyt.jdbc.initialize-schema=always} creates them on any
 * database (the scripts are idempotent), {@code never} leaves the schema to Flyway, Liquibase or
 * a DBA.
 *
 * <p>
 * A statement of the script that fails stops the start-up ({@code credyt.jdbc.continue-on-error}
 * is {@code false} here, unlike Spring Boot's default): the script is idempotent and runs under
 * {@link SchemaLock}, so a failure is a real problem (no permission, a table of another shape),
 * better seen at start-up than as a missing table at the first charge.
 */
@ConfigurationProperties("credyt.jdbc")
public class CredytJdbcProperties extends DatabaseInitializationProperties {

	private static final String DEFAULT_SCHEMA_LOCATION = "classpath:io/credyt/jdbc/schema-@@platform@@.sql";

	public CredytJdbcProperties() {
		setContinueOnError(false);
	}

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}

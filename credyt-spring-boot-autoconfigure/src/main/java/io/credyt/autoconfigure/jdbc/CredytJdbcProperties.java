package io.credyt.autoconfigure.jdbc;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;

/**
 * The JDBC ledger's schema: by default its tables are created at start-up on an embedded
 * (in-memory) database only; {@code credyt.jdbc.initialize-schema=always} creates them on any
 * database (the scripts are idempotent), {@code never} leaves the schema to Flyway, Liquibase or
 * a DBA.
 */
@ConfigurationProperties("credyt.jdbc")
public class CredytJdbcProperties extends DatabaseInitializationProperties {

	private static final String DEFAULT_SCHEMA_LOCATION = "classpath:io/credyt/jdbc/schema-@@platform@@.sql";

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}

package io.credyt.autoconfigure.jdbc;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;

/**
 * Creates the ledger's tables with the platform's schema script
 * ({@code io/credyt/jdbc/schema-h2.sql} or {@code schema-postgresql.sql}) when
 * {@code credyt.jdbc.initialize-schema} says so. The scripts are idempotent, so running them at
 * every start-up is safe, and they run under {@link SchemaLock}, so instances that start at once
 * on an empty PostgreSQL database create the tables one after the other. Beans that depend on
 * database initialization, the ledger among them, are created after it has run.
 */
public class CredytDataSourceScriptDatabaseInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<CredytJdbcProperties> {

	public CredytDataSourceScriptDatabaseInitializer(DataSource dataSource, CredytJdbcProperties properties) {
		super(dataSource, properties);
	}

	@Override
	protected void runScripts(Scripts scripts) {
		SchemaLock.runScripts(getDataSource(), scripts);
	}

}

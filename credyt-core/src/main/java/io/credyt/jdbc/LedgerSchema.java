package io.credyt.jdbc;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the ledger's tables with the platform's schema script. The scripts are idempotent
 * ({@code IF NOT EXISTS}), so running this at every start-up is safe.
 */
public final class LedgerSchema {

	private LedgerSchema() {
	}

	/**
	 * Runs the schema script for the data source's platform.
	 * @param dataSource the data source
	 * @return the detected dialect
	 */
	public static Dialect initialize(DataSource dataSource) {
		Dialect dialect = Dialect.of(dataSource);
		new ResourceDatabasePopulator(new ClassPathResource(dialect.schemaLocation())).execute(dataSource);
		return dialect;
	}

}

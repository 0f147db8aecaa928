package io.credyt.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.sql.init.AbstractScriptDatabaseInitializer.Scripts;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.datasource.init.UncategorizedScriptException;

/**
 * Runs schema scripts so that instances starting at once against one empty database create the
 * schema one after the other. On PostgreSQL, {@code CREATE TABLE IF NOT EXISTS} is not safe
 * against itself: two sessions creating the same table at once both see it missing, and one fails
 * on the catalog's unique index ({@code duplicate key value violates unique constraint
 * "pg_type_typname_nsp_index"}). So the scripts run on one connection that holds a session-level
 * advisory lock ({@code pg_advisory_lock}) for their whole run and releases it after; the second
 * instance waits, then finds every object in place. Other databases run the scripts on one
 * connection without a lock (H2 creates its objects under its own locks).
 *
 * <p>
 * Every script run through here takes the same lock, so an application that runs its own scripts
 * at start-up (Spring Boot's {@code spring.sql.init}) can run them through {@link #runScripts} as
 * well, and no two of them interleave.
 */
public final class SchemaLock {

	/** The advisory lock's key: {@code "credyt.s"} as a 64-bit number, unlikely to clash with an application's. */
	public static final long KEY = 0x6372656479742e73L;

	private static final Log logger = LogFactory.getLog(SchemaLock.class);

	private SchemaLock() {
	}

	/**
	 * Runs scripts as Spring Boot's {@code DataSourceScriptDatabaseInitializer} would (the same
	 * separator, encoding and continue-on-error setting), on one connection, holding the lock on
	 * PostgreSQL.
	 * @param dataSource the database
	 * @param scripts the scripts
	 */
	public static void runScripts(DataSource dataSource, Scripts scripts) {
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
		populator.setContinueOnError(scripts.isContinueOnError());
		populator.setSeparator(scripts.getSeparator());
		if (scripts.getEncoding() != null) {
			populator.setSqlScriptEncoding(scripts.getEncoding().name());
		}
		for (Resource script : scripts) {
			populator.addScript(script);
		}
		try (Connection connection = dataSource.getConnection()) {
			boolean postgres = isPostgreSql(connection);
			if (postgres) {
				lock(connection, "SELECT pg_advisory_lock(" + KEY + ")");
			}
			try {
				populator.populate(connection);
				if (!connection.getAutoCommit()) {
					connection.commit();
				}
			}
			finally {
				if (postgres) {
					unlock(connection);
				}
			}
		}
		catch (SQLException ex) {
			throw new UncategorizedScriptException("Failed to run the schema scripts", ex);
		}
	}

	private static boolean isPostgreSql(Connection connection) throws SQLException {
		return "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
	}

	private static void lock(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		if (!connection.getAutoCommit()) {
			connection.commit();
		}
	}

	private static void unlock(Connection connection) {
		try {
			if (!connection.getAutoCommit()) {
				// after a failed script: its transaction is aborted, and an aborted transaction runs nothing
				connection.rollback();
			}
			lock(connection, "SELECT pg_advisory_unlock(" + KEY + ")");
		}
		catch (SQLException ex) {
			// the session lock ends with the session: closing the connection below frees it, unless a
			// pool keeps the connection open, which is why this is worth a warning
			logger.warn("Could not release the schema lock; it is released when the connection closes", ex);
		}
	}

}

package io.credyt.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The databases the store runs on, and the few statements that differ between them.
 */
public enum Dialect {

	/** H2 2.x: the embedded default. */
	H2("h2"),

	/** PostgreSQL 13 or newer: production. */
	POSTGRESQL("postgresql");

	private final String platform;

	Dialect(String platform) {
		this.platform = platform;
	}

	/**
	 * The platform name used in schema script names ({@code schema-h2.sql}).
	 * @return the platform name
	 */
	public String platform() {
		return this.platform;
	}

	/**
	 * The classpath location of this platform's schema script.
	 * @return the script location
	 */
	public String schemaLocation() {
		return "io/credyt/jdbc/schema-" + this.platform + ".sql";
	}

	/**
	 * Detects the dialect of a data source from its driver's metadata.
	 * @param dataSource the data source
	 * @return the dialect
	 * @throws IllegalStateException if the database is neither H2 nor PostgreSQL
	 */
	public static Dialect of(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			if (product.contains("h2")) {
				return H2;
			}
			if (product.contains("postgres")) {
				return POSTGRESQL;
			}
			throw new IllegalStateException("Credyt supports H2 and PostgreSQL, not " + product);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not detect the database", ex);
		}
	}

	/**
	 * An insert that does nothing when the row's unique key exists already.
	 * @param table the table
	 * @param columns the columns, comma separated
	 * @param keyColumns the unique key's columns, comma separated
	 * @return the statement, with one {@code ?} per column
	 */
	String insertIfAbsent(String table, String columns, String keyColumns) {
		return statements().insertIfAbsent(table, columns, keyColumns);
	}

	/** The statements that differ on this database. */
	SqlStatements statements() {
		return SqlStatements.of(this);
	}

}

package io.credyt.jdbc;

import java.util.Collections;

/**
 * The statements that differ between the databases the store runs on, one implementation per
 * database: business code asks for a statement, never for the database it runs on.
 */
interface SqlStatements {

	/**
	 * An insert that does nothing (and counts no row) when the row's unique key exists already.
	 * @param table the table
	 * @param columns the columns, comma separated
	 * @param keyColumns the unique key's columns, comma separated
	 * @return the statement, with one {@code ?} per column
	 */
	String insertIfAbsent(String table, String columns, String keyColumns);

	/**
	 * The statements for a dialect.
	 * @param dialect the dialect
	 * @return its statements
	 */
	static SqlStatements of(Dialect dialect) {
		return (dialect == Dialect.POSTGRESQL) ? new PostgreSqlStatements() : new H2SqlStatements();
	}

	/** One {@code ?} per column. */
	static String marks(String columns) {
		return String.join(", ", Collections.nCopies(columns.split(",").length, "?"));
	}

	/** PostgreSQL: {@code INSERT … ON CONFLICT DO NOTHING}. */
	final class PostgreSqlStatements implements SqlStatements {

		@Override
		public String insertIfAbsent(String table, String columns, String keyColumns) {
			return "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks(columns) + ") ON CONFLICT ("
					+ keyColumns + ") DO NOTHING";
		}

	}

	/** H2: {@code MERGE … WHEN NOT MATCHED THEN INSERT}. */
	final class H2SqlStatements implements SqlStatements {

		@Override
		public String insertIfAbsent(String table, String columns, String keyColumns) {
			StringBuilder on = new StringBuilder();
			for (String key : keyColumns.split(",")) {
				on.append(on.isEmpty() ? "" : " AND ").append("t.").append(key.trim()).append(" = s.").append(key.trim());
			}
			StringBuilder values = new StringBuilder();
			for (String column : columns.split(",")) {
				values.append(values.isEmpty() ? "" : ", ").append("s.").append(column.trim());
			}
			return "MERGE INTO " + table + " t USING (VALUES (" + marks(columns) + ")) s (" + columns + ") ON " + on
					+ " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (" + values + ")";
		}

	}

}

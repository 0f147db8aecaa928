package io.credyt.jdbc;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

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
	 * Applies one kind of write to many rows in one round trip: a batch of the one-row statement,
	 * or, where the database has one, a single set-based statement doing the same.
	 * @param jdbc runs it (inside the caller's transaction)
	 * @param write which write
	 * @param rowSql the one-row statement
	 * @param rows each row's parameters, in the one-row statement's order
	 * @return how many rows were changed in all
	 */
	int writeAll(JdbcOperations jdbc, BulkWrite write, String rowSql, List<Object[]> rows);

	/**
	 * Applies a batch's writes, in the order given, in as few round trips as the database allows.
	 * @param jdbc runs them (inside the caller's transaction)
	 * @param writes the writes; empty ones are skipped
	 * @return how many rows each write changed, in the order given
	 */
	default int[] apply(JdbcOperations jdbc, List<Write> writes) {
		int[] changed = new int[writes.size()];
		for (int i = 0; i < writes.size(); i++) {
			Write write = writes.get(i);
			changed[i] = writeAll(jdbc, write.kind(), write.rowSql(), write.rows());
		}
		return changed;
	}

	/**
	 * Runs queries one after another, each seeing what the ones before it did (on PostgreSQL each
	 * statement of a transaction reads the rows committed when it starts, so a read that follows a
	 * lock sees what the lock waited for), in as few round trips as the database allows.
	 * @param jdbc runs them (inside the caller's transaction)
	 * @param queries the queries, in order
	 */
	default void queryAll(JdbcOperations jdbc, List<Query> queries) {
		for (Query query : queries) {
			jdbc.query(query.sql(), query.rows(), query.arguments());
		}
	}

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

	/** The writes a batch makes to many rows at once. */
	enum BulkWrite {

		END_HOLDS, INSERT_HOLDS, INSERT_USAGE, MOVE_ACCOUNTS, TAKE_GRANTS, INSERT_ENTRIES

	}

	/**
	 * One kind of write to many rows.
	 * @param kind which write
	 * @param rowSql its one-row statement
	 * @param rows each row's parameters
	 */
	record Write(BulkWrite kind, String rowSql, List<Object[]> rows) {
	}

	/**
	 * A query with named parameters, and what reads its rows.
	 * @param sql its text, with {@code ?} for each parameter (lists expanded)
	 * @param arguments its parameters' values, in order
	 * @param rows reads each row
	 */
	record Query(String sql, Object[] arguments, RowCallbackHandler rows) {

		/**
		 * A query with named parameters ({@code :name}, a collection expanding to a list).
		 * @param namedSql the text with named parameters
		 * @param parameters their values
		 * @param rows reads each row
		 * @return the query
		 */
		static Query of(String namedSql, SqlParameterSource parameters, RowCallbackHandler rows) {
			ParsedSql parsed = NamedParameterUtils.parseSqlStatement(namedSql);
			// a collection's values each take the place of one of the marks it was expanded to
			List<Object> arguments = new ArrayList<>();
			for (Object value : NamedParameterUtils.buildValueArray(parsed, parameters, null)) {
				if (value instanceof Iterable<?> values) {
					values.forEach(arguments::add);
				}
				else {
					arguments.add(value);
				}
			}
			return new Query(NamedParameterUtils.substituteNamedParameters(parsed, parameters), arguments.toArray(),
					rows);
		}

	}

	/** A JDBC batch of the one-row statement (one round trip, one execution per row). */
	static int batch(JdbcOperations jdbc, String rowSql, List<Object[]> rows) {
		int changed = 0;
		for (int count : jdbc.batchUpdate(rowSql, rows)) {
			changed += count;
		}
		return changed;
	}

	/**
	 * PostgreSQL: {@code INSERT … ON CONFLICT DO NOTHING}, and set-based writes: each column's
	 * values go as one array, {@code unnest} turns them back into rows, and one statement writes
	 * them all, with the same guards as the one-row statements, row by row.
	 */
	final class PostgreSqlStatements implements SqlStatements {

		private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSXXX");

		private final Map<BulkWrite, String> setBased = new EnumMap<>(BulkWrite.class);

		PostgreSqlStatements() {
			this.setBased.put(BulkWrite.END_HOLDS, "UPDATE credyt_hold h SET status = v.status, ended_at ="
					+ " CAST(v.ended_at AS TIMESTAMPTZ), usage_event_id = v.usage_event_id FROM unnest(?, ?, ?, ?)"
					+ " AS v(status, ended_at, usage_event_id, id) WHERE h.id = CAST(v.id AS UUID) AND h.status = 'ACTIVE'");
			this.setBased.put(BulkWrite.INSERT_HOLDS, "INSERT INTO credyt_hold (id, customer_id, asset, product, quantity,"
					+ " dimensions, entitled_units, amount, status, created_at, expires_at)"
					+ " SELECT CAST(v.id AS UUID), CAST(v.customer_id AS BIGINT), v.asset, v.product,"
					+ " CAST(v.quantity AS NUMERIC), v.dimensions, CAST(v.entitled_units AS NUMERIC), CAST(v.amount AS NUMERIC),"
					+ " v.status, CAST(v.created_at AS TIMESTAMPTZ), CAST(v.expires_at AS TIMESTAMPTZ)"
					+ " FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) AS v(id, customer_id, asset, product, quantity,"
					+ " dimensions, entitled_units, amount, status, created_at, expires_at)");
			this.setBased.put(BulkWrite.INSERT_USAGE, "INSERT INTO credyt_usage_event (id, fingerprint, customer_id, product,"
					+ " quantity, dimensions, occurred_at, recorded_at, asset, entitled_units, fee, fee_promotional,"
					+ " fee_bundled, fee_paid, fee_unfunded, cost, hold_id)"
					+ " SELECT v.id, v.fingerprint, CAST(v.customer_id AS BIGINT), v.product, CAST(v.quantity AS NUMERIC),"
					+ " v.dimensions, CAST(v.occurred_at AS TIMESTAMPTZ), CAST(v.recorded_at AS TIMESTAMPTZ), v.asset,"
					+ " CAST(v.entitled_units AS NUMERIC), CAST(v.fee AS NUMERIC), CAST(v.fee_promotional AS NUMERIC),"
					+ " CAST(v.fee_bundled AS NUMERIC), CAST(v.fee_paid AS NUMERIC), CAST(v.fee_unfunded AS NUMERIC),"
					+ " CAST(v.cost AS NUMERIC), CAST(v.hold_id AS UUID)"
					+ " FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) AS v(id, fingerprint, customer_id,"
					+ " product, quantity, dimensions, occurred_at, recorded_at, asset, entitled_units, fee, fee_promotional,"
					+ " fee_bundled, fee_paid, fee_unfunded, cost, hold_id) ON CONFLICT (id) DO NOTHING");
			// the balance guard, per row, in the update's own WHERE
			this.setBased.put(BulkWrite.MOVE_ACCOUNTS, "UPDATE credyt_account a SET posted = a.posted - CAST(v.debit AS NUMERIC),"
					+ " held = a.held + CAST(v.hold AS NUMERIC) FROM unnest(?, ?, ?, ?, ?, ?) AS v(debit, hold, customer_id,"
					+ " asset, guard_debit, guard_hold) WHERE a.customer_id = CAST(v.customer_id AS BIGINT) AND a.asset = v.asset"
					+ " AND a.posted - CAST(v.debit AS NUMERIC) - (a.held + CAST(v.hold AS NUMERIC)) >= -a.overdraft_limit");
			this.setBased.put(BulkWrite.TAKE_GRANTS, "UPDATE credyt_grant g SET remaining = g.remaining - CAST(v.take AS NUMERIC)"
					+ " FROM unnest(?, ?, ?) AS v(take, id, guard) WHERE g.id = CAST(v.id AS UUID)"
					+ " AND g.remaining >= CAST(v.take AS NUMERIC)");
			this.setBased.put(BulkWrite.INSERT_ENTRIES, "INSERT INTO credyt_entry (customer_id, asset, amount, type, reference,"
					+ " created_at) SELECT CAST(v.customer_id AS BIGINT), v.asset, CAST(v.amount AS NUMERIC), v.type, v.reference,"
					+ " CAST(v.created_at AS TIMESTAMPTZ) FROM unnest(?, ?, ?, ?, ?, ?)"
					+ " AS v(customer_id, asset, amount, type, reference, created_at)");
		}

		@Override
		public String insertIfAbsent(String table, String columns, String keyColumns) {
			return "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks(columns) + ") ON CONFLICT ("
					+ keyColumns + ") DO NOTHING";
		}

		@Override
		public int writeAll(JdbcOperations jdbc, BulkWrite write, String rowSql, List<Object[]> rows) {
			if (rows.isEmpty()) {
				return 0;
			}
			if (rows.size() == 1) {
				return batch(jdbc, rowSql, rows);
			}
			return apply(jdbc, List.of(new Write(write, rowSql, rows)))[0];
		}

		/**
		 * All of a batch's writes in one statement and one round trip: each write a data-modifying
		 * {@code WITH} query (each runs exactly once, on the statement's one snapshot; the tables
		 * they write are all different), the one-row statement for one row and the set-based one for
		 * more, the statement's answer the count of rows each changed.
		 */
		@Override
		public int[] apply(JdbcOperations jdbc, List<Write> writes) {
			StringBuilder with = new StringBuilder();
			StringBuilder counts = new StringBuilder();
			List<Write> present = new ArrayList<>();
			for (Write write : writes) {
				if (write.rows().isEmpty()) {
					continue;
				}
				String name = "w" + present.size();
				// one row: the one-row statement itself; more: the set-based one
				with.append(present.isEmpty() ? "WITH " : ", ")
					.append(name)
					.append(" AS (")
					.append((write.rows().size() == 1) ? write.rowSql() : this.setBased.get(write.kind()))
					.append(" RETURNING 1)");
				counts.append(present.isEmpty() ? " SELECT " : ", ").append("(SELECT COUNT(*) FROM ").append(name).append(")");
				present.add(write);
			}
			int[] changed = new int[writes.size()];
			if (present.isEmpty()) {
				return changed;
			}
			String sql = with.append(counts).toString();
			long[] found = jdbc.execute((ConnectionCallback<long[]>) (connection) -> {
				try (PreparedStatement statement = connection.prepareStatement(sql)) {
					int parameter = 1;
					for (Write write : present) {
						Object[] first = write.rows().get(0);
						for (int column = 0; column < first.length; column++) {
							if (write.rows().size() == 1) {
								StatementCreatorUtils.setParameterValue(statement, parameter++,
										SqlTypeValue.TYPE_UNKNOWN, first[column]);
							}
							else {
								statement.setArray(parameter++, column(connection, write.rows(), column));
							}
						}
					}
					try (ResultSet result = statement.executeQuery()) {
						result.next();
						long[] values = new long[present.size()];
						for (int i = 0; i < values.length; i++) {
							values[i] = result.getLong(i + 1);
						}
						return values;
					}
				}
			});
			int next = 0;
			for (int i = 0; i < writes.size(); i++) {
				if (!writes.get(i).rows().isEmpty()) {
					changed[i] = (int) found[next++];
				}
			}
			return changed;
		}

		/**
		 * The queries as one statement text, which the driver sends in one round trip: the server
		 * runs them one after another and returns their rows in turn.
		 */
		@Override
		public void queryAll(JdbcOperations jdbc, List<Query> queries) {
			if (queries.size() < 2) {
				SqlStatements.super.queryAll(jdbc, queries);
				return;
			}
			StringBuilder sql = new StringBuilder();
			for (Query query : queries) {
				sql.append(sql.isEmpty() ? "" : ";\n").append(query.sql());
			}
			jdbc.execute((ConnectionCallback<Void>) (connection) -> {
				try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
					int parameter = 1;
					for (Query query : queries) {
						for (Object argument : query.arguments()) {
							StatementCreatorUtils.setParameterValue(statement, parameter++, SqlTypeValue.TYPE_UNKNOWN,
									argument);
						}
					}
					boolean rows = statement.execute();
					for (Query query : queries) {
						if (!rows) {
							throw new IllegalStateException("A query of the statement returned no rows: " + query.sql());
						}
						try (ResultSet result = statement.getResultSet()) {
							while (result.next()) {
								query.rows().processRow(result);
							}
						}
						rows = statement.getMoreResults();
					}
				}
				return null;
			});
		}

		/** One column's values as a text array; each is cast back to its type in the statement. */
		private static Array column(Connection connection, List<Object[]> rows, int column) throws java.sql.SQLException {
			String[] values = new String[rows.size()];
			for (int row = 0; row < values.length; row++) {
				values[row] = text(rows.get(row)[column]);
			}
			return connection.createArrayOf("text", values);
		}

		private static String text(Object value) {
			if (value == null) {
				return null;
			}
			if (value instanceof BigDecimal amount) {
				return amount.toPlainString();
			}
			if (value instanceof OffsetDateTime time) {
				return TIME.format(time);
			}
			return value.toString();
		}

	}

	/** H2: {@code MERGE … WHEN NOT MATCHED THEN INSERT}, and JDBC batches. */
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

		@Override
		public int writeAll(JdbcOperations jdbc, BulkWrite write, String rowSql, List<Object[]> rows) {
			return rows.isEmpty() ? 0 : batch(jdbc, rowSql, rows);
		}

	}

}

package io.credyt.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * On PostgreSQL the schema itself refuses to rewrite history: a trigger fails any
 * {@code UPDATE} or {@code DELETE} of a ledger entry or rounding residual.
 */
class PostgreSqlAppendOnlyBehaviourTests extends AppendOnlyBehaviourTests {

	PostgreSqlAppendOnlyBehaviourTests() {
		super(TestDatabases.Kind.POSTGRESQL);
	}

	@Test
	void databaseRefusesToUpdateOrDeleteEntries() {
		writeHistory();
		List<List<Object>> earlier = queryRows(ENTRIES);
		List<List<Object>> earlierRounding = queryRows("SELECT id, asset, amount, reference FROM credyt_rounding ORDER BY id");
		assertThat(earlierRounding).isNotEmpty();
		for (String sql : List.of("UPDATE credyt_entry SET amount = 0",
				"UPDATE credyt_entry SET reference = 'forged' WHERE type = 'USAGE'", "DELETE FROM credyt_entry",
				"DELETE FROM credyt_entry WHERE type = 'GRANT'", "UPDATE credyt_rounding SET amount = 0",
				"DELETE FROM credyt_rounding")) {
			assertThatExceptionOfType(SQLException.class).as(sql).isThrownBy(() -> execute(sql))
				.withMessageContaining("append-only");
		}
		assertThat(queryRows(ENTRIES)).isEqualTo(earlier);
		assertThat(queryRows("SELECT id, asset, amount, reference FROM credyt_rounding ORDER BY id")).isEqualTo(earlierRounding);
		assertInvariants();
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.executeUpdate(sql);
		}
	}

}

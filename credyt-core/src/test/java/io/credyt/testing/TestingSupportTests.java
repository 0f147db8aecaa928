package io.credyt.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.jdbc.JdbcLedger;
import io.credyt.jdbc.LedgerOptions;
import io.credyt.jdbc.LedgerSchema;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test infrastructure can fail: the invariant checks see a corrupted ledger, row counts see a
 * write, the fault injector fires only where it is aimed, and the clock moves only when told.
 */
class TestingSupportTests {

	private HikariDataSource dataSource;

	private Ledger ledger;

	@BeforeEach
	void createLedger() {
		this.dataSource = TestDatabases.h2();
		LedgerSchema.initialize(this.dataSource);
		this.ledger = new JdbcLedger(this.dataSource, TestCatalog.catalog(), LedgerOptions.defaults(),
				new MutableClock(LedgerTestSupport.START));
		this.ledger.grant("alice", GrantRequest.paid("USD", "10.00"));
		this.ledger.record(UsageEvent.of("evt-1", "alice", "image", 1));
		this.ledger.authorize(AuthorizationRequest.of("alice", "image"));
	}

	@AfterEach
	void disposeDatabase() {
		TestDatabases.dispose(this.dataSource);
	}

	@Test
	void invariantsHoldOnAnUntouchedLedger() {
		assertThat(LedgerInvariants.violations(this.dataSource)).isEmpty();
	}

	@Test
	void invariantsSeeAPostedBalanceThatDisagreesWithItsEntries() {
		execute("UPDATE credyt_account SET posted = posted + 1");
		assertThat(LedgerInvariants.violations(this.dataSource)).anyMatch((v) -> v.contains("sum of entries"))
			.anyMatch((v) -> v.contains("effective grants"));
		assertThatThrownBy(() -> LedgerInvariants.assertAll(this.dataSource)).isInstanceOf(AssertionError.class);
	}

	@Test
	void invariantsSeeAHeldTotalThatDisagreesWithActiveHolds() {
		execute("UPDATE credyt_hold SET status = 'RELEASED', ended_at = CURRENT_TIMESTAMP");
		assertThat(LedgerInvariants.violations(this.dataSource)).singleElement()
			.satisfies((v) -> assertThat(v).contains("sum of active holds"));
	}

	@Test
	void invariantsSeeAFeeThatDisagreesWithItsSplit() {
		execute("UPDATE credyt_usage_event SET fee_paid = fee_paid + 0.000000000001");
		assertThat(LedgerInvariants.violations(this.dataSource)).singleElement()
			.satisfies((v) -> assertThat(v).contains("evt-1", "promotional + bundled + paid + unfunded"));
	}

	@Test
	void invariantsSeeHoldsThatDidNotEndProperly() {
		execute("UPDATE credyt_hold SET status = 'CAPTURED', ended_at = CURRENT_TIMESTAMP");
		assertThat(LedgerInvariants.violations(this.dataSource)).anyMatch((v) -> v.contains("captured hold without"));
		execute("UPDATE credyt_hold SET status = 'ACTIVE'");
		assertThat(LedgerInvariants.violations(this.dataSource)).anyMatch((v) -> v.contains("active hold with an end"));
	}

	@Test
	void invariantsSeeAnAvailableBalanceBelowTheOverdraftLimit() {
		execute("ALTER TABLE credyt_account DROP CONSTRAINT credyt_account_available_ck");
		execute("UPDATE credyt_account SET held = posted + 1");
		assertThat(LedgerInvariants.violations(this.dataSource)).anyMatch((v) -> v.contains("below -overdraft"));
	}

	@Test
	void rowCountsSeeEveryLedgerTableAndEveryWrite() {
		RowCounts before = RowCounts.snapshot(this.dataSource);
		assertThat(before.counts()).containsKeys("credyt_customer", "credyt_account", "credyt_grant",
				"credyt_entitlement", "credyt_hold", "credyt_entitlement_use", "credyt_usage_event",
				"credyt_adjustment", "credyt_entry", "credyt_rounding");
		this.ledger.record(UsageEvent.of("evt-2", "alice", "image", 1));
		RowCounts after = RowCounts.snapshot(this.dataSource);
		assertThat(after).isNotEqualTo(before);
		assertThat(after.since(before)).containsEntry("credyt_usage_event", 1L).containsEntry("credyt_entry", 1L);
	}

	@Test
	void faultFiresOnlyOnMatchingStatementsFromTheNthOn() throws SQLException {
		FaultInjectingDataSource faulty = FaultInjectingDataSource.wrap(this.dataSource);
		faulty.failFrom("SELECT   1", 2);
		DataSource source = faulty.dataSource();
		try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT 2");
			statement.execute("select\n 1");
			assertThatExceptionOfType(FaultInjectingDataSource.InjectedFault.class)
				.isThrownBy(() -> statement.execute("SELECT 1"));
			assertThatExceptionOfType(FaultInjectingDataSource.InjectedFault.class)
				.isThrownBy(() -> connection.prepareStatement("SELECT 1 FROM credyt_entry").executeQuery());
			faulty.disarm();
			statement.execute("SELECT 1");
		}
		assertThat(faulty.failures()).isEqualTo(2);
	}

	@Test
	void clockMovesOnlyWhenTold() throws InterruptedException {
		MutableClock clock = new MutableClock(LedgerTestSupport.START);
		Thread.sleep(5);
		assertThat(clock.instant()).isEqualTo(LedgerTestSupport.START);
		assertThat(clock.advance(Duration.ofMinutes(2))).isEqualTo(LedgerTestSupport.START.plusSeconds(120));
		assertThat(clock.withZone(java.time.ZoneId.of("Europe/Paris")).instant()).isEqualTo(clock.instant());
	}

	private void execute(String sql) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.executeUpdate(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

}

package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.FaultInjectingDataSource;
import io.credyt.testing.FaultInjectingDataSource.InjectedFault;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Invariant 7: a balance change and its ledger entry commit together. When the database fails
 * the entry's insert (or any other statement of the operation), the call throws and nothing of
 * the operation is left behind: posted, held, entries and usage are as before.
 */
abstract class AtomicityBehaviourTests extends LedgerTestSupport {

	private static final String ENTRY_INSERT = "insert into credyt_entry";

	private FaultInjectingDataSource faulty;

	private Ledger faultyLedger;

	AtomicityBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void wrapTheDataSource() {
		this.faulty = FaultInjectingDataSource.wrap(this.dataSource);
		this.faultyLedger = newLedger(this.faulty.dataSource());
		this.faultyLedger.grant("alice", GrantRequest.paid(USD, "10.00"));
	}

	@Test
	void usageIsNotRecordedWhenItsEntryCannotBeWritten() {
		RowCounts before = rowCounts();
		this.faulty.failFrom(ENTRY_INSERT, 1);
		assertFails(() -> this.faultyLedger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1)));
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.usage("evt-1")).isEmpty();
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();

		this.faulty.disarm();
		UsageRecord usage = this.faultyLedger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		assertThat(usage.fee()).isEqualByComparingTo("0.25");
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void usageIsNotChargedWhenTheUsageEventCannotBeWritten() {
		RowCounts before = rowCounts();
		this.faulty.failFrom("into credyt_usage_event", 1);
		assertFails(() -> this.faultyLedger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1)));
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void captureLeavesTheHoldActiveWhenItsEntryCannotBeWritten() {
		Hold hold = this.faultyLedger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(2));
		RowCounts before = rowCounts();
		this.faulty.failFrom(ENTRY_INSERT, 1);
		assertFails(() -> this.faultyLedger.capture(hold.id(), Capture.of("evt-1")));
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.ACTIVE);
		assertThat(this.ledger.usage("evt-1")).isEmpty();
		assertUsd("alice", "10.00", "0.50", "9.50");
		assertInvariants();

		this.faulty.disarm();
		UsageRecord usage = this.faultyLedger.capture(hold.id(), Capture.of("evt-1"));
		assertThat(usage.fee()).isEqualByComparingTo("0.50");
		assertUsd("alice", "9.50", "0", "9.50");
		assertInvariants();
	}

	@Test
	void captureAboveTheHoldLeavesNothingWhenItsEntryCannotBeWritten() {
		Hold hold = this.faultyLedger.authorize(AuthorizationRequest.of("alice", IMAGE));
		RowCounts before = rowCounts();
		this.faulty.failFrom(ENTRY_INSERT, 1);
		assertFails(() -> this.faultyLedger.capture(hold.id(),
				Capture.of("evt-1").quantity(new BigDecimal("3"))));
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.ACTIVE);
		assertUsd("alice", "10.00", "0.25", "9.75");
		assertInvariants();
	}

	@Test
	void grantIsNotCreditedWhenItsEntryCannotBeWritten() {
		RowCounts before = rowCounts();
		this.faulty.failFrom(ENTRY_INSERT, 1);
		assertFails(() -> this.faultyLedger.grant("alice", GrantRequest.promotional(USD, "5.00")));
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.grants("alice")).hasSize(1);
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void adjustmentIsNotAppliedWhenItsEntryCannotBeWritten() {
		RowCounts before = rowCounts();
		this.faulty.failFrom(ENTRY_INSERT, 1);
		assertFails(() -> this.faultyLedger.adjust("alice",
				AdjustmentRequest.of(USD, "-1.00", AdjustmentReason.CHARGEBACK, "pay-1")));
		assertFails(() -> this.faultyLedger.adjust("alice",
				AdjustmentRequest.of(USD, "1.00", AdjustmentReason.GIFT, "ticket-1")));
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void grantExpiryIsNotAppliedWhenItsEntryCannotBeWritten() {
		this.faultyLedger.grant("alice",
				GrantRequest.promotional(USD, "1.00").expiresAt(START.plus(Duration.ofHours(1))));
		this.clock.advance(Duration.ofHours(2));
		this.faulty.failFrom(ENTRY_INSERT, 1);
		RowCounts before = rowCounts();
		try {
			assertThat(this.faultyLedger.applyDueGrantChanges(this.clock.instant(), 100))
				.as("accounts processed while their expiry entry cannot be written")
				.isZero();
		}
		catch (RuntimeException ex) {
			assertThat(ex).hasRootCauseInstanceOf(InjectedFault.class);
		}
		assertThat(this.faulty.failures()).as("injected failures").isPositive();
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(queryNumber("SELECT posted FROM credyt_account")).as("posted, still with the promotion")
			.isEqualByComparingTo("11.00");
		assertThat(queryNumber("SELECT SUM(remaining) FROM credyt_grant")).isEqualByComparingTo("11.00");
		assertInvariants();

		this.faulty.disarm();
		assertThat(this.faultyLedger.applyDueGrantChanges(this.clock.instant(), 100)).isOne();
		assertThat(queryNumber("SELECT posted FROM credyt_account")).isEqualByComparingTo("10.00");
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	private void assertFails(ThrowingCallable call) {
		assertThatThrownBy(call).hasRootCauseInstanceOf(InjectedFault.class);
		assertThat(this.faulty.failures()).as("injected failures").isPositive();
	}

}

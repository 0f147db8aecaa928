package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldNotActiveException;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.LedgerEntry;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.HD;
import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Authorize, capture and release: a hold reserves the fee before the work, then ends exactly
 * once.
 */
abstract class HoldBehaviourTests extends LedgerTestSupport {

	HoldBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void fundAlice() {
		fund("alice", "10.00");
	}

	@Test
	void holdReservesTheFeeWithoutPostingIt() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		assertThat(hold.status()).isEqualTo(HoldStatus.ACTIVE);
		assertThat(hold.customer()).isEqualTo("alice");
		assertThat(hold.product()).isEqualTo(IMAGE);
		assertThat(hold.asset()).isEqualTo(TestCatalog.USD);
		assertThat(hold.amount()).isEqualByComparingTo("0.25");
		assertThat(hold.quantity()).isEqualByComparingTo("1");
		assertThat(hold.entitledUnits()).isZero();
		assertThat(hold.createdAt()).isEqualTo(START);
		assertThat(hold.expiresAt()).isEqualTo(START.plus(options().holdTimeToLive()));
		assertThat(hold.endedAt()).isNull();
		assertThat(hold.usageEventId()).isNull();
		assertThat(this.ledger.hold(hold.id())).contains(hold);
		assertUsd("alice", "10.00", "0.25", "9.75");
		assertThat(this.ledger.usage("alice", PageRequest.of(0, 10)).total()).isZero();
		assertInvariants();
	}

	@Test
	void holdPricesTheDimensions() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(2).dimensions(HD));
		assertThat(hold.amount()).isEqualByComparingTo("0.80");
		assertThat(hold.dimensions()).isEqualTo(HD);
		assertUsd("alice", "10.00", "0.80", "9.20");
		assertInvariants();
	}

	@Test
	void captureAtTheHeldAmountDebitsTheFee() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.clock.advance(Duration.ofSeconds(3));
		UsageRecord usage = this.ledger.capture(hold.id(), Capture.of("evt-1"));
		assertThat(usage.id()).isEqualTo("evt-1");
		assertThat(usage.customer()).isEqualTo("alice");
		assertThat(usage.product()).isEqualTo(IMAGE);
		assertThat(usage.quantity()).isEqualByComparingTo("1");
		assertThat(usage.fee()).isEqualByComparingTo("0.25");
		assertThat(usage.split().paid()).isEqualByComparingTo("0.25");
		assertThat(usage.cost()).isEqualByComparingTo("0.20");
		assertThat(usage.holdId()).isEqualTo(hold.id());
		assertUsd("alice", "9.75", "0", "9.75");
		Hold captured = this.ledger.hold(hold.id()).orElseThrow();
		assertThat(captured.status()).isEqualTo(HoldStatus.CAPTURED);
		assertThat(captured.usageEventId()).isEqualTo("evt-1");
		assertThat(captured.endedAt()).isEqualTo(START.plusSeconds(3));
		assertThat(this.ledger.usage("evt-1")).contains(usage);
		List<LedgerEntry> usageEntries = usageEntries("alice");
		assertThat(usageEntries).singleElement().satisfies((entry) -> {
			assertThat(entry.amount()).isEqualByComparingTo("-0.25");
			assertThat(entry.reference()).isEqualTo("evt-1");
		});
		assertInvariants();
	}

	@Test
	void captureKeepsWhenTheWorkHappened() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.clock.advance(Duration.ofMinutes(2));
		UsageRecord usage = this.ledger.capture(hold.id(), Capture.of("evt-1").occurredAt(START.plusSeconds(30)));
		assertThat(usage.occurredAt()).isEqualTo(START.plusSeconds(30));
		assertThat(usage.recordedAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
		assertThat(this.ledger.usage("evt-1")).contains(usage);
		assertInvariants();
	}

	@Test
	void captureOfASmallerQuantityChargesLessAndFreesTheRest() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(4));
		assertUsd("alice", "10.00", "1.00", "9.00");
		UsageRecord usage = this.ledger.capture(hold.id(), Capture.of("evt-1").quantity(new BigDecimal("3")));
		assertThat(usage.quantity()).isEqualByComparingTo("3");
		assertThat(usage.fee()).isEqualByComparingTo("0.75");
		assertUsd("alice", "9.25", "0", "9.25");
		assertInvariants();
	}

	@Test
	void captureAboveTheHoldTakesTheDifferenceFromAvailable() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		UsageRecord usage = this.ledger.capture(hold.id(), Capture.of("evt-1").quantity(new BigDecimal("3")));
		assertThat(usage.fee()).isEqualByComparingTo("0.75");
		assertUsd("alice", "9.25", "0", "9.25");
		assertInvariants();
	}

	@Test
	void captureAboveTheHoldThatCannotBeCoveredFailsAndLeavesTheHoldActive() {
		fund("bob", "0.50");
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("bob", IMAGE));
		assertUsd("bob", "0.50", "0.25", "0.25");
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.capture(hold.id(), Capture.of("evt-1").quantity(new BigDecimal("4"))))
			.satisfies((ex) -> {
				assertThat(ex.customer()).isEqualTo("bob");
				assertThat(ex.product()).isEqualTo(IMAGE);
			});
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.ACTIVE);
		assertThat(this.ledger.usage("evt-1")).isEmpty();
		assertUsd("bob", "0.50", "0.25", "0.25");
		UsageRecord usage = this.ledger.capture(hold.id(), Capture.of("evt-1").quantity(new BigDecimal("2")));
		assertThat(usage.fee()).isEqualByComparingTo("0.50");
		assertUsd("bob", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void releaseRestoresEverythingAndWritesNoEntryOrUsage() {
		RowCounts before = rowCounts();
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(3));
		assertUsd("alice", "10.00", "0.75", "9.25");
		this.clock.advance(Duration.ofSeconds(2));
		Hold released = this.ledger.release(hold.id());
		assertThat(released.id()).isEqualTo(hold.id());
		assertThat(released.status()).isEqualTo(HoldStatus.RELEASED);
		assertThat(released.endedAt()).isEqualTo(START.plusSeconds(2));
		assertThat(released.usageEventId()).isNull();
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.RELEASED);
		assertUsd("alice", "10.00", "0", "10.00");
		assertThat(rowCounts().since(before)).containsOnlyKeys("credyt_hold");
		assertInvariants();
	}

	@Test
	void endedHoldCannotBeCapturedOrReleasedAgain() {
		Hold captured = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.ledger.capture(captured.id(), Capture.of("evt-1"));
		Hold released = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.ledger.release(released.id());
		RowCounts before = rowCounts();

		assertNotActive(() -> this.ledger.capture(captured.id(), Capture.of("evt-2")), captured.id(),
				HoldStatus.CAPTURED);
		assertNotActive(() -> this.ledger.release(captured.id()), captured.id(), HoldStatus.CAPTURED);
		assertNotActive(() -> this.ledger.capture(released.id(), Capture.of("evt-3")), released.id(),
				HoldStatus.RELEASED);
		assertNotActive(() -> this.ledger.release(released.id()), released.id(), HoldStatus.RELEASED);
		UUID unknown = UUID.randomUUID();
		assertNotActive(() -> this.ledger.capture(unknown, Capture.of("evt-4")), unknown, null);
		assertNotActive(() -> this.ledger.release(unknown), unknown, null);

		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.usage("evt-2")).isEmpty();
		assertThat(this.ledger.usage("evt-3")).isEmpty();
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void captureReplayWithTheSameEventIdReturnsTheFirstResult() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		UsageRecord first = this.ledger.capture(hold.id(), Capture.of("evt-1"));
		this.clock.advance(Duration.ofMinutes(1));
		RowCounts before = rowCounts();
		UsageRecord replay = this.ledger.capture(hold.id(), Capture.of("evt-1"));
		assertThat(replay).isEqualTo(first);
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(usageEntries("alice")).hasSize(1);
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void captureReplayOnAnotherHoldReturnsTheFirstResultAndReleasesThatHold() {
		Hold first = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		UsageRecord recorded = this.ledger.capture(first.id(), Capture.of("evt-1"));
		Hold second = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		assertUsd("alice", "9.75", "0.25", "9.50");
		UsageRecord replay = this.ledger.capture(second.id(), Capture.of("evt-1"));
		assertThat(replay).isEqualTo(recorded);
		assertThat(this.ledger.hold(second.id()).orElseThrow().status()).isEqualTo(HoldStatus.RELEASED);
		assertThat(usageEntries("alice")).hasSize(1);
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void authorizationThatCannotBeCoveredNamesWhatWasMissingAndWritesNothing() {
		fund("bob", "0.30");
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.authorize(AuthorizationRequest.of("bob", IMAGE).dimensions(HD)))
			.satisfies((ex) -> {
				assertThat(ex.customer()).isEqualTo("bob");
				assertThat(ex.product()).isEqualTo(IMAGE);
				assertThat(ex.asset()).isEqualTo(TestCatalog.USD);
				assertThat(ex.required()).isEqualByComparingTo("0.40");
				assertThat(ex.available()).isEqualByComparingTo("0.30");
				assertThat(ex.getMessage()).contains("bob", IMAGE);
			});
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("bob", "0.30", "0", "0.30");
		assertInvariants();
	}

	@Test
	void usageThatCannotBeCoveredNamesWhatWasMissingAndWritesNothing() {
		fund("bob", "0.30");
		this.ledger.authorize(AuthorizationRequest.of("bob", IMAGE));
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.record(UsageEvent.of("evt-1", "bob", IMAGE, 1)))
			.satisfies((ex) -> {
				assertThat(ex.customer()).isEqualTo("bob");
				assertThat(ex.product()).isEqualTo(IMAGE);
				assertThat(ex.required()).isEqualByComparingTo("0.25");
				assertThat(ex.available()).isEqualByComparingTo("0.05");
			});
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.usage("evt-1")).isEmpty();
		assertUsd("bob", "0.30", "0.25", "0.05");
		assertInvariants();
	}

	@Test
	void authorizingForAnUnknownCustomerFailsAndCreatesNothing() {
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.authorize(AuthorizationRequest.of("stranger", IMAGE)))
			.satisfies((ex) -> {
				assertThat(ex.customer()).isEqualTo("stranger");
				assertThat(ex.required()).isEqualByComparingTo("0.25");
				assertThat(ex.available()).isZero();
			});
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.findCustomer("stranger")).isEmpty();
		assertInvariants();
	}

	@Test
	void recordingForAnUnknownCustomerFailsAndCreatesNothing() {
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.record(UsageEvent.of("evt-1", "stranger", IMAGE, 1)))
			.satisfies((ex) -> assertThat(ex.available()).isZero());
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.findCustomer("stranger")).isEmpty();
		assertInvariants();
	}

	@Test
	void usageInAnAssetTheCustomerHasNoAccountForFailsAndWritesNothing() {
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.record(UsageEvent.of("evt-1", "alice", TestCatalog.RENDER, 1)))
			.satisfies((ex) -> {
				assertThat(ex.asset()).isEqualTo(TestCatalog.CREDITS);
				assertThat(ex.required()).isEqualByComparingTo("5");
				assertThat(ex.available()).isZero();
			});
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.authorize(AuthorizationRequest.of("alice", TestCatalog.RENDER)));
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.balance("alice").accounts()).containsOnlyKeys(TestCatalog.USD);
		assertInvariants();
	}

	@Test
	void holdsOfManyCallersCannotReserveMoreThanAvailable() {
		fund("bob", "1.00");
		for (int i = 0; i < 4; i++) {
			this.ledger.authorize(AuthorizationRequest.of("bob", IMAGE));
		}
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.authorize(AuthorizationRequest.of("bob", IMAGE)));
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.record(UsageEvent.of("evt-1", "bob", IMAGE, 1)));
		assertUsd("bob", "1.00", "1.00", "0");
		assertInvariants();
	}

	private void assertNotActive(Runnable call, UUID holdId, HoldStatus status) {
		assertThatExceptionOfType(HoldNotActiveException.class).isThrownBy(call::run).satisfies((ex) -> {
			assertThat(ex.holdId()).isEqualTo(holdId);
			assertThat(ex.status()).isEqualTo(status);
		});
	}

	private List<LedgerEntry> usageEntries(String customer) {
		return this.ledger.entries(customer, PageRequest.of(0, 500))
			.items()
			.stream()
			.filter((entry) -> entry.type() == EntryType.USAGE)
			.toList();
	}

}

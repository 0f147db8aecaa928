package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.IdempotencyConflictException;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.Concurrently;
import io.credyt.testing.Concurrently.Outcome;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.HD;
import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.STANDARD;
import static io.credyt.testing.TestCatalog.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Invariant 3: a usage event id is billed at most once; a replay with the same payload returns
 * the first result, with another payload it is a conflict; of concurrent replays exactly one
 * wins.
 */
abstract class IdempotencyBehaviourTests extends LedgerTestSupport {

	IdempotencyBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void fundCustomers() {
		fund("alice", "10.00");
		fund("bob", "10.00");
	}

	@Test
	void recordingTheSameEventTwiceChargesOnceAndReturnsTheFirstResult() {
		UsageEvent event = UsageEvent.of("evt-1", "alice", IMAGE, 2).dimensions(STANDARD);
		UsageRecord first = this.ledger.record(event);
		assertThat(first.fee()).isEqualByComparingTo("0.50");
		this.clock.advance(Duration.ofMinutes(3));
		RowCounts before = rowCounts();
		UsageRecord replay = this.ledger.record(event);
		assertThat(replay).isEqualTo(first);
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(usageEntries("alice")).isEqualTo(1);
		assertUsd("alice", "9.50", "0", "9.50");
		assertInvariants();
	}

	@Test
	void sameEventWithTheQuantityWrittenDifferentlyIsTheSamePayload() {
		UsageRecord first = this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 2));
		UsageRecord replay = this.ledger.record(
				new UsageEvent("evt-1", "alice", IMAGE, new BigDecimal("2.000"), Map.of(), null));
		assertThat(replay).isEqualTo(first);
		assertUsd("alice", "9.50", "0", "9.50");
		assertInvariants();
	}

	@Test
	void sameEventIdWithAnotherPayloadIsAConflictAndChargesNothing() {
		UsageEvent event = UsageEvent.of("evt-1", "alice", IMAGE, 1).dimensions(STANDARD);
		UsageRecord first = this.ledger.record(event);
		RowCounts before = rowCounts();
		List<UsageEvent> conflicting = List.of(
				UsageEvent.of("evt-1", "alice", IMAGE, 2).dimensions(STANDARD),
				UsageEvent.of("evt-1", "alice", TOKEN, 1),
				UsageEvent.of("evt-1", "alice", IMAGE, 1).dimensions(HD),
				UsageEvent.of("evt-1", "alice", IMAGE, 1),
				UsageEvent.of("evt-1", "bob", IMAGE, 1).dimensions(STANDARD));
		for (UsageEvent other : conflicting) {
			assertThatExceptionOfType(IdempotencyConflictException.class).as("%s", other)
				.isThrownBy(() -> this.ledger.record(other))
				.satisfies((ex) -> assertThat(ex.eventId()).isEqualTo("evt-1"));
		}
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.usage("evt-1")).contains(first);
		assertUsd("alice", "9.75", "0", "9.75");
		assertUsd("bob", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void replayWithAnotherActualCostIsTheSamePayloadAndKeepsTheFirstCost() {
		UsageEvent event = UsageEvent.of("evt-1", "alice", IMAGE, 1).cost(new BigDecimal("0.10"));
		UsageRecord first = this.ledger.record(event);
		RowCounts before = rowCounts();
		assertThat(this.ledger.record(event.cost(new BigDecimal("0.30")))).isEqualTo(first);
		assertThat(this.ledger.record(event.cost(null))).isEqualTo(first);
		assertThat(rowCounts()).isEqualTo(before);
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		assertThat(this.ledger.capture(hold.id(), Capture.of("evt-1").cost(new BigDecimal("0.50")))).isEqualTo(first);
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.RELEASED);
		assertThat(this.ledger.usage("evt-1").orElseThrow().cost()).as("the first cost, never overwritten")
			.isEqualByComparingTo("0.10");
		assertThat(usageEntries("alice")).isEqualTo(1);
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void replayOfARecordedEventSucceedsEvenWhenTheWalletIsNowEmpty() {
		fund("carol", "0.25");
		UsageEvent event = UsageEvent.of("evt-1", "carol", IMAGE, 1);
		UsageRecord first = this.ledger.record(event);
		assertUsd("carol", "0", "0", "0");
		UsageRecord replay = this.ledger.record(event);
		assertThat(replay).isEqualTo(first);
		assertUsd("carol", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void captureWithAnEventIdRecordedForAnotherPayloadFailsAndReleasesTheHold() {
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(3));
		assertThatExceptionOfType(IdempotencyConflictException.class)
			.isThrownBy(() -> this.ledger.capture(hold.id(), Capture.of("evt-1")));
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.RELEASED);
		assertThat(usageEntries("alice")).isEqualTo(1);
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void captureWithAnEventIdRecordedWithTheSamePayloadReturnsItAndReleasesTheHold() {
		UsageRecord recorded = this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		UsageRecord replay = this.ledger.capture(hold.id(), Capture.of("evt-1"));
		assertThat(replay).isEqualTo(recorded);
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.RELEASED);
		assertThat(usageEntries("alice")).isEqualTo(1);
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void fiftyConcurrentSubmissionsOfOneEventChargeOnce() {
		UsageEvent event = UsageEvent.of("evt-1", "alice", IMAGE, 1).dimensions(HD);
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(50, 50, (i) -> () -> this.ledger.record(event));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).as("error").isNull());
		UsageRecord first = outcomes.get(0).value();
		assertThat(first.fee()).isEqualByComparingTo("0.40");
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.value()).isEqualTo(first));
		assertThat(usageEntries("alice")).isEqualTo(1);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_usage_event")).isEqualTo(1);
		assertUsd("alice", "9.60", "0", "9.60");
		assertInvariants();
	}

	@Test
	void concurrentSubmissionsOfOneEventWithTwoPayloadsLetExactlyOneWin() {
		UsageEvent one = UsageEvent.of("evt-1", "alice", IMAGE, 1);
		UsageEvent three = UsageEvent.of("evt-1", "alice", IMAGE, 3);
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(50, 50,
				(i) -> () -> this.ledger.record((i % 2 == 0) ? one : three));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(
				outcome.succeeded() || outcome.failedWith(IdempotencyConflictException.class))
			.as("%s", outcome.error())
			.isTrue());
		UsageRecord winner = this.ledger.usage("evt-1").orElseThrow();
		int winningParity = (winner.quantity().compareTo(BigDecimal.ONE) == 0) ? 0 : 1;
		for (int i = 0; i < outcomes.size(); i++) {
			Outcome<UsageRecord> outcome = outcomes.get(i);
			if (i % 2 == winningParity) {
				assertThat(outcome.value()).as("submission %d with the winning payload", i).isEqualTo(winner);
			}
			else {
				assertThat(outcome.error()).as("submission %d with the losing payload", i)
					.isInstanceOf(IdempotencyConflictException.class);
			}
		}
		assertThat(usageEntries("alice")).isEqualTo(1);
		BigDecimal expectedPosted = new BigDecimal("10.00").subtract(winner.fee());
		assertThat(usd("alice").posted()).isEqualByComparingTo(expectedPosted);
		assertInvariants();
	}

	@Test
	void concurrentSubmissionsWithAnotherPayloadThanTheRecordedOneAllConflict() {
		UsageRecord first = this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		RowCounts before = rowCounts();
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(50, 50,
				(i) -> () -> this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 2)));
		assertThat(outcomes)
			.allSatisfy((outcome) -> assertThat(outcome.error()).isInstanceOf(IdempotencyConflictException.class));
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.usage("evt-1")).contains(first);
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	private long usageEntries(String customer) {
		return this.ledger.entries(customer, PageRequest.of(0, 500))
			.items()
			.stream()
			.filter((entry) -> entry.type() == EntryType.USAGE)
			.count();
	}

}

package io.credyt.jdbc;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.Hold;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.Commits;
import io.credyt.testing.Concurrently;
import io.credyt.testing.Concurrently.Outcome;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit: concurrent operations on one wallet share transactions (fewer commits than
 * operations), yet each caller gets its own answer and the ledger's invariants hold; with group
 * commit off every operation commits on its own.
 */
abstract class GroupCommitBehaviourTests extends LedgerTestSupport {

	static final int THREADS = 32;

	static final int OPERATIONS = 400;

	GroupCommitBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void concurrentOperationsOnOneWalletShareCommits() {
		fund("org", "100.00");
		AtomicLong commits = new AtomicLong();
		Ledger ledger = newLedger(Commits.counting(this.dataSource, commits, new AtomicBoolean()));
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(THREADS, OPERATIONS,
				(i) -> () -> ledger.record(UsageEvent.of("evt-" + i, "org", IMAGE, 1)));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(outcomes).extracting((outcome) -> outcome.value().id())
			.as("each caller gets its own usage record")
			.doesNotHaveDuplicates()
			.hasSize(OPERATIONS);
		assertThat(commits.get()).as("commits for %d operations on one wallet", OPERATIONS).isLessThan(OPERATIONS);
		assertUsd("org", "0.00", "0", "0.00");
		assertInvariants();
	}

	@Test
	void aDeclinedOperationInABatchLeavesTheOthersCommitted() {
		fund("org", "25.00");
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(THREADS, 160, (i) -> () -> {
			Hold hold = this.ledger.authorize(AuthorizationRequest.of("org", IMAGE));
			return this.ledger.capture(hold.id(), Capture.of("evt-" + i));
		});
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(
				outcome.succeeded() || outcome.failedWith(InsufficientBalanceException.class))
			.as("unexpected failure %s", outcome.error())
			.isTrue());
		assertThat(outcomes.stream().filter(Outcome::succeeded)).hasSize(100);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_usage_event")).isEqualTo(100);
		assertUsd("org", "0.00", "0", "0.00");
		assertInvariants();
	}

	@Test
	void withGroupCommitOffEveryOperationCommitsAlone() {
		fund("org", "100.00");
		AtomicLong commits = new AtomicLong();
		Ledger ledger = new JdbcLedger(Commits.counting(this.dataSource, commits, new AtomicBoolean()), io.credyt.testing.TestCatalog.catalog(),
				options().groupCommit(LedgerOptions.GroupCommit.OFF), this.clock);
		ledger.customer("org");
		long before = commits.get();
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(THREADS, OPERATIONS,
				(i) -> () -> ledger.record(UsageEvent.of("evt-" + i, "org", IMAGE, 1)));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(commits.get() - before).isGreaterThanOrEqualTo(OPERATIONS);
		assertInvariants();
	}

}

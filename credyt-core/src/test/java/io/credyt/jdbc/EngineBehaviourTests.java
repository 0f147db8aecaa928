package io.credyt.jdbc;

import java.math.BigDecimal;
import java.sql.SQLRecoverableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.Commits;
import io.credyt.testing.Concurrently;
import io.credyt.testing.Concurrently.Outcome;
import io.credyt.testing.FaultInjectingDataSource;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.HD;
import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The engine's batches: commands of many wallets from two instances at once, a batch whose
 * commit fails, and the events listeners hear inside the transaction.
 */
abstract class EngineBehaviourTests extends LedgerTestSupport {

	EngineBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void mixedCommandsOnManyWalletsFromTwoInstancesKeepEveryInvariantAndEveryAnswer() {
		int wallets = 200;
		for (int i = 0; i < wallets; i++) {
			// funded for 0 to 7 standard images: plenty of declines
			if (i % 8 == 0) {
				this.ledger.customer("w" + i);
			}
			else {
				fund("w" + i, new BigDecimal("0.25").multiply(BigDecimal.valueOf(i % 8)).toPlainString());
			}
		}
		Ledger other = newLedger(anotherPool());
		Random seeds = new Random(42);
		long[] seedOf = new long[2000];
		for (int i = 0; i < seedOf.length; i++) {
			seedOf[i] = seeds.nextLong();
		}
		List<Outcome<Answer>> outcomes = Concurrently.run(64, seedOf.length, (i) -> () -> {
			Random random = new Random(seedOf[i]);
			Ledger ledger = (i % 2 == 0) ? this.ledger : other;
			String customer = "w" + random.nextInt(wallets);
			Map<String, String> dimensions = random.nextBoolean() ? HD : Map.of();
			String eventId = "evt-" + i;
			switch (random.nextInt(3)) {
				case 0 -> {
					Hold hold = ledger.authorize(AuthorizationRequest.of(customer, IMAGE).dimensions(dimensions));
					return new Answer(eventId, ledger.capture(hold.id(), Capture.of(eventId)), hold);
				}
				case 1 -> {
					Hold hold = ledger.authorize(AuthorizationRequest.of(customer, IMAGE).dimensions(dimensions));
					ledger.release(hold.id());
					return new Answer(eventId, null, hold);
				}
				default -> {
					return new Answer(eventId,
							ledger.record(UsageEvent.of(eventId, customer, IMAGE, 1).dimensions(dimensions)), null);
				}
			}
		});

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(
				outcome.succeeded() || outcome.failedWith(InsufficientBalanceException.class))
			.as("unexpected failure %s", outcome.error())
			.isTrue());
		assertThat(outcomes.stream().filter(Outcome::succeeded)).as("some commands succeed").isNotEmpty();
		assertThat(outcomes.stream().filter((outcome) -> !outcome.succeeded())).as("some are declined").isNotEmpty();
		Map<String, BigDecimal> billed = new HashMap<>();
		for (List<Object> row : queryRows("SELECT id, fee FROM credyt_usage_event")) {
			billed.put((String) row.get(0), (BigDecimal) row.get(1));
		}
		int answeredUsage = 0;
		for (Outcome<Answer> outcome : outcomes) {
			if (!outcome.succeeded()) {
				continue;
			}
			Answer answer = outcome.value();
			if (answer.usage() != null) {
				answeredUsage++;
				assertThat(billed).as("usage %s was committed", answer.eventId()).containsKey(answer.eventId());
				assertThat(billed.get(answer.eventId())).isEqualByComparingTo(answer.usage().fee());
			}
			if (answer.hold() != null) {
				HoldStatus expected = (answer.usage() != null) ? HoldStatus.CAPTURED : HoldStatus.RELEASED;
				assertThat(this.ledger.hold(answer.hold().id()).orElseThrow().status()).isEqualTo(expected);
			}
		}
		assertThat(billed).as("every usage in the ledger was answered as such").hasSize(answeredUsage);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_hold WHERE status = 'ACTIVE'")).isZero();
		BigDecimal fees = billed.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(queryNumber("SELECT SUM(posted) FROM credyt_account"))
			.as("what was funded less what was billed")
			.isEqualByComparingTo(new BigDecimal("0.25").multiply(BigDecimal.valueOf(25 * 28)).subtract(fees));
		assertInvariants();
	}

	@Test
	void batchesFormAcrossWallets() {
		for (int i = 0; i < 400; i++) {
			fund("w" + i, "1.00");
		}
		AtomicLong commits = new AtomicLong();
		Ledger ledger = newLedger(Commits.counting(this.dataSource, commits, new AtomicBoolean()));
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(32, 400,
				(i) -> () -> ledger.record(UsageEvent.of("evt-" + i, "w" + i, IMAGE, 1)));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		if (options().groupCommit().enabled()) {
			assertThat(commits.get()).as("commits for 400 usages on 400 wallets").isLessThan(400);
		}
		else {
			assertThat(commits.get()).as("commits for 400 usages, each its own").isGreaterThanOrEqualTo(400);
		}
		assertThat(queryNumber("SELECT SUM(posted) FROM credyt_account")).isEqualByComparingTo("300.00");
		assertInvariants();
	}

	@Test
	void aBatchWhoseCommitFailsOnceIsAppliedAgainCommandByCommand() {
		for (int i = 0; i < 64; i++) {
			fund("w" + i, "1.00");
		}
		AtomicBoolean failNextCommit = new AtomicBoolean();
		AtomicLong commits = new AtomicLong();
		Ledger ledger = newLedger(Commits.counting(this.dataSource, commits, failNextCommit));
		ledger.customer("w0");
		failNextCommit.set(true);
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(32, 64,
				(i) -> () -> ledger.record(UsageEvent.of("evt-" + i, "w" + i, IMAGE, 1)));

		assertThat(failNextCommit).as("a commit failed").isFalse();
		List<String> answered = new ArrayList<>();
		for (int i = 0; i < outcomes.size(); i++) {
			Outcome<UsageRecord> outcome = outcomes.get(i);
			if (outcome.succeeded()) {
				answered.add(outcome.value().id());
			}
			else {
				assertThat(outcome.error()).hasRootCauseInstanceOf(SQLRecoverableException.class);
			}
		}
		assertThat(outcomes.stream().filter((outcome) -> !outcome.succeeded()))
			.as("at most the command that was alone in the failed transaction fails")
			.hasSizeLessThanOrEqualTo(1);
		assertThat(queryRows("SELECT id FROM credyt_usage_event")).extracting((row) -> (String) row.get(0))
			.as("every success, and only those, committed")
			.containsExactlyInAnyOrderElementsOf(answered);
		assertThat(queryNumber("SELECT SUM(posted) FROM credyt_account"))
			.isEqualByComparingTo(new BigDecimal("64.00").subtract(new BigDecimal("0.25").multiply(BigDecimal.valueOf(answered.size()))));
		assertInvariants();
	}

	@Test
	void callersOfABatchThatCannotCommitGetErrorsAndNothingOfItIsWritten() {
		for (int i = 0; i < 32; i++) {
			fund("w" + i, "1.00");
		}
		AtomicBoolean failCommits = new AtomicBoolean();
		Ledger ledger = newLedger(Commits.failing(this.dataSource, failCommits));
		ledger.customer("w0");
		failCommits.set(true);
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(16, 32,
				(i) -> () -> ledger.record(UsageEvent.of("evt-" + i, "w" + i, IMAGE, 1)));

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNotNull());
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_usage_event")).isZero();
		assertThat(queryNumber("SELECT SUM(posted) FROM credyt_account")).isEqualByComparingTo("32.00");
		assertInvariants();

		failCommits.set(false);
		assertThat(ledger.record(UsageEvent.of("evt-0", "w0", IMAGE, 1)).fee()).isEqualByComparingTo("0.25");
		assertInvariants();
	}

	@Test
	void aBatchSeesTheGrantsCommittedWhileItWaitedForItsAccountLock() throws Exception {
		fund("w", "1.00");
		this.ledger.customer("w");
		FaultInjectingDataSource faults = FaultInjectingDataSource.wrap(this.dataSource);
		Ledger other = newLedger(faults.dataSource());
		CompletableFuture<UsageRecord> recorded = new CompletableFuture<>();
		AtomicBoolean waited = new AtomicBoolean();
		// the other instance holds w's account lock, its promotional grant written, not yet committed
		faults.beforeExecuting("INSERT INTO credyt_entry", () -> {
			faults.disarm();
			Thread usage = new Thread(() -> {
				try {
					recorded.complete(this.ledger.record(UsageEvent.of("evt-1", "w", IMAGE, 1)));
				}
				catch (Throwable ex) {
					recorded.completeExceptionally(ex);
				}
			});
			usage.start();
			waited.set(awaitLockWait());
		});
		other.grant("w", GrantRequest.promotional(TestCatalog.USD, "1.00"));

		UsageRecord usage = recorded.get(30, TimeUnit.SECONDS);
		assertThat(waited).as("the usage waited for the account lock").isTrue();
		assertThat(usage.split().promotional()).as("taken from the grant committed while it waited")
			.isEqualByComparingTo("0.25");
		assertThat(usage.split().paid()).isEqualByComparingTo("0");
		assertUsd("w", "1.75", "0", "1.75");
		assertInvariants();
	}

	/** Waits until some session waits for a row lock; false after 10 s. */
	private boolean awaitLockWait() {
		String waiting = (kind() == TestDatabases.Kind.POSTGRESQL)
				? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
				: "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			if (queryCount(waiting) > 0) {
				return true;
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	@Test
	void listenersHearEachChangeInsideItsTransaction() {
		new JdbcTemplate(this.dataSource).execute("CREATE TABLE outbox (id INT GENERATED BY DEFAULT AS IDENTITY,"
				+ " type VARCHAR(64), customer VARCHAR(255))");
		FaultInjectingDataSource faulty = FaultInjectingDataSource.wrap(this.dataSource);
		JdbcTemplate outbox = new JdbcTemplate(faulty.dataSource());
		List<LedgerEvent> heard = new ArrayList<>();
		LedgerEventListener listener = (events) -> {
			for (LedgerEvent event : events) {
				outbox.update("INSERT INTO outbox (type, customer) VALUES (?, ?)", event.getClass().getSimpleName(),
						event.customer());
			}
			synchronized (heard) {
				heard.addAll(events);
			}
		};
		Ledger ledger = new JdbcLedger(faulty.dataSource(), new DataSourceTransactionManager(faulty.dataSource()),
				TestCatalog.catalog(), options(), this.clock, listener);
		fund("alice", "1.00");

		Hold hold = ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		ledger.capture(hold.id(), Capture.of("evt-1"));
		assertThat(queryRows("SELECT type FROM outbox ORDER BY id")).extracting((row) -> row.get(0))
			.containsExactly("HoldPlaced", "BalanceChanged", "UsageRecorded", "BalanceChanged");
		assertThat(heard).filteredOn(LedgerEvent.BalanceChanged.class::isInstance)
			.map(LedgerEvent.BalanceChanged.class::cast)
			.extracting(LedgerEvent.BalanceChanged::availableAfter)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("0.75"), new BigDecimal("0.75"));

		faulty.failFrom("insert into credyt_entry", 1);
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> ledger.record(UsageEvent.of("evt-2", "alice", IMAGE, 1)));
		faulty.disarm();
		assertThat(queryCount("SELECT COUNT(*) FROM outbox")).as("no event of a change that rolled back").isEqualTo(4);

		faulty.failFrom("insert into outbox", 1);
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> ledger.record(UsageEvent.of("evt-3", "alice", IMAGE, 1)));
		faulty.disarm();
		assertThat(this.ledger.usage("evt-3")).as("no change whose event could not be written").isEmpty();
		assertUsd("alice", "0.75", "0", "0.75");
		assertInvariants();
	}

	private record Answer(String eventId, UsageRecord usage, Hold hold) {
	}

}

package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldNotActiveException;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.Concurrently;
import io.credyt.testing.Concurrently.Outcome;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants 1, 3 and 4 under real concurrency: 32 threads debiting one wallet funded for
 * exactly {@value #AFFORDABLE} images (in three grants) cannot overspend it, on one application
 * instance or two (two connection pools on one database), with or without an overdraft limit;
 * concurrent captures and releases of one hold end it once; concurrent usage cannot take more
 * entitled units than there are. Correctness must come from the database, not from locks in
 * one JVM.
 */
abstract class ConcurrencyBehaviourTests extends LedgerTestSupport {

	static final int THREADS = 32;

	static final int AFFORDABLE = 100;

	static final int ATTEMPTS = 240;

	/** Enough for {@value #AFFORDABLE} images at $0.25, and a remainder too small for one more. */
	static final String FUNDED = "25.10";

	static final String REMAINDER = "0.10";

	ConcurrencyBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void concurrentAuthorizeAndCaptureCannotOverspendOneWallet() {
		fundWithThreeGrants();
		assertExactlyTheAffordableSucceed(run((i) -> authorizeAndCapture(this.ledger, i)));
		assertInvariants();
	}

	@Test
	void concurrentRecordsCannotOverspendOneWallet() {
		fundWithThreeGrants();
		assertExactlyTheAffordableSucceed(run((i) -> record(this.ledger, i)));
		assertInvariants();
	}

	@Test
	void twoInstancesAuthorizingAndCapturingCannotOverspendOneWallet() {
		fundWithThreeGrants();
		Ledger other = newLedger(anotherPool());
		assertExactlyTheAffordableSucceed(run((i) -> authorizeAndCapture((i % 2 == 0) ? this.ledger : other, i)));
		assertInvariants();
	}

	@Test
	void twoInstancesRecordingCannotOverspendOneWallet() {
		fundWithThreeGrants();
		Ledger other = newLedger(anotherPool());
		assertExactlyTheAffordableSucceed(run((i) -> record((i % 2 == 0) ? this.ledger : other, i)));
		assertInvariants();
	}

	@Test
	void twoInstancesMixingHoldsAndRecordsCannotOverspendOneWallet() {
		fundWithThreeGrants();
		Ledger other = newLedger(anotherPool());
		assertExactlyTheAffordableSucceed(run((i) -> switch (i % 4) {
			case 0 -> authorizeAndCapture(this.ledger, i);
			case 1 -> record(other, i);
			case 2 -> authorizeAndCapture(other, i);
			default -> record(this.ledger, i);
		}));
		assertInvariants();
	}

	@Test
	void concurrentDebitsWithinAnOverdraftLimitStopAtTheLimit() {
		fund("org", "20.10");
		this.ledger.overdraftLimit("org", USD, new BigDecimal("5.00"));
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(THREADS, ATTEMPTS,
				(i) -> () -> (i % 2 == 0) ? record(this.ledger, i) : authorizeAndCapture(this.ledger, i));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(
				outcome.succeeded() || outcome.failedWith(InsufficientBalanceException.class))
			.as("unexpected failure %s", outcome.error())
			.isTrue());
		assertThat(outcomes.stream().filter(Outcome::succeeded).count()).isEqualTo(AFFORDABLE);
		assertUsd("org", "-4.90", "0", "-4.90");
		assertThat(queryNumber("SELECT SUM(fee_unfunded) FROM credyt_usage_event")).isEqualByComparingTo("4.90");
		assertThat(queryNumber("SELECT SUM(fee_paid) FROM credyt_usage_event")).isEqualByComparingTo("20.10");
		assertInvariants();
	}

	@Test
	void concurrentCapturesOfOneHoldEndItOnce() {
		fundWithThreeGrants();
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("org", IMAGE).quantity(2));
		List<Outcome<Object>> outcomes = Concurrently.run(THREADS, THREADS, (i) -> () -> (i % 2 == 0)
				? this.ledger.capture(hold.id(), Capture.of("evt-" + i)) : this.ledger.release(hold.id()));
		assertThat(outcomes.stream().filter(Outcome::succeeded)).as("calls that ended the hold").hasSize(1);
		Hold ended = this.ledger.hold(hold.id()).orElseThrow();
		assertThat(outcomes).filteredOn((outcome) -> !outcome.succeeded())
			.allSatisfy((outcome) -> assertThat(outcome.error()).isInstanceOfSatisfying(HoldNotActiveException.class,
					(ex) -> assertThat(ex.status()).isEqualTo(ended.status())));
		boolean captured = ended.status() == HoldStatus.CAPTURED;
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_usage_event")).isEqualTo(captured ? 1 : 0);
		assertUsd("org", captured ? "24.60" : FUNDED, "0", captured ? "24.60" : FUNDED);
		assertInvariants();
	}

	@Test
	void concurrentReplaysOfOneCaptureReturnOneResult() {
		fundWithThreeGrants();
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("org", IMAGE));
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(THREADS, THREADS,
				(i) -> () -> this.ledger.capture(hold.id(), Capture.of("evt-1")));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		UsageRecord recorded = this.ledger.usage("evt-1").orElseThrow();
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.value()).isEqualTo(recorded));
		assertUsd("org", "24.85", "0", "24.85");
		assertInvariants();
	}

	@Test
	void concurrentUsageCannotTakeMoreUnitsThanEntitled() {
		this.ledger.entitle("org", EntitlementRequest.once(IMAGE, 10));
		List<Outcome<UsageRecord>> outcomes = Concurrently.run(THREADS, 64,
				(i) -> () -> (i % 2 == 0) ? record(this.ledger, i) : authorizeAndCapture(this.ledger, i));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(
				outcome.succeeded() || outcome.failedWith(InsufficientBalanceException.class))
			.as("unexpected failure %s", outcome.error())
			.isTrue());
		assertThat(outcomes.stream().filter(Outcome::succeeded).count()).isEqualTo(10);
		assertThat(outcomes.stream().filter(Outcome::succeeded).map((outcome) -> outcome.value().fee()))
			.allSatisfy((fee) -> assertThat(fee).isZero());
		assertThat(this.ledger.balance("org").entitled(IMAGE)).isZero();
		assertThat(queryNumber("SELECT SUM(entitled_units) FROM credyt_usage_event")).isEqualByComparingTo("10");
		assertInvariants();
	}

	/** {@value #FUNDED} in three grants, so concurrent debits also contend for grant consumption. */
	private void fundWithThreeGrants() {
		this.ledger.grant("org", GrantRequest.promotional(USD, "5.00").expiresAt(START.plus(Duration.ofDays(30))));
		this.ledger.grant("org", GrantRequest.bundled(USD, "10.00"));
		this.ledger.grant("org", GrantRequest.paid(USD, "10.10"));
	}

	private UsageRecord authorizeAndCapture(Ledger ledger, int attempt) {
		Hold hold = ledger.authorize(AuthorizationRequest.of("org", IMAGE));
		return ledger.capture(hold.id(), Capture.of("evt-" + attempt));
	}

	private UsageRecord record(Ledger ledger, int attempt) {
		return ledger.record(UsageEvent.of("evt-" + attempt, "org", IMAGE, 1));
	}

	private List<Outcome<UsageRecord>> run(java.util.function.IntFunction<UsageRecord> attempt) {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicReference<BigDecimal> lowest = new AtomicReference<>(new BigDecimal(FUNDED));
		Thread sampler = new Thread(() -> {
			while (running.get()) {
				BigDecimal available = queryNumber(
						"SELECT posted - held FROM credyt_account a JOIN credyt_customer c ON c.id = a.customer_id"
								+ " WHERE c.external_id = 'org' AND a.asset = 'USD'");
				lowest.accumulateAndGet(available, BigDecimal::min);
				try {
					TimeUnit.MILLISECONDS.sleep(2);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "available-sampler");
		sampler.start();
		try {
			return Concurrently.run(THREADS, ATTEMPTS, (i) -> () -> attempt.apply(i));
		}
		finally {
			running.set(false);
			try {
				sampler.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			assertThat(lowest.get()).as("lowest available balance seen during the run").isNotNegative();
		}
	}

	private void assertExactlyTheAffordableSucceed(List<Outcome<UsageRecord>> outcomes) {
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(
				outcome.succeeded() || outcome.failedWith(InsufficientBalanceException.class))
			.as("unexpected failure %s", outcome.error())
			.isTrue());
		assertThat(outcomes.stream().filter(Outcome::succeeded).count()).as("successful debits")
			.isEqualTo(AFFORDABLE);
		assertThat(outcomes.stream().filter((outcome) -> !outcome.succeeded()).count()).as("refused debits")
			.isEqualTo(ATTEMPTS - AFFORDABLE);
		assertThat(outcomes.stream().filter(Outcome::succeeded).map((outcome) -> outcome.value().fee()))
			.allSatisfy((fee) -> assertThat(fee).isEqualByComparingTo("0.25"));
		assertUsd("org", REMAINDER, "0", REMAINDER);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_usage_event")).isEqualTo(AFFORDABLE);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_entry WHERE type = 'USAGE'")).isEqualTo(AFFORDABLE);
		assertThat(queryNumber("SELECT SUM(fee) FROM credyt_usage_event")).isEqualByComparingTo("25.00");
		assertThat(queryNumber("SELECT SUM(fee_promotional) FROM credyt_usage_event")).isEqualByComparingTo("5.00");
		assertThat(queryNumber("SELECT SUM(fee_bundled) FROM credyt_usage_event")).isEqualByComparingTo("10.00");
		assertThat(queryNumber("SELECT SUM(fee_paid) FROM credyt_usage_event")).isEqualByComparingTo("10.00");
		assertThat(queryNumber("SELECT SUM(remaining) FROM credyt_grant")).isEqualByComparingTo(REMAINDER);
	}

}

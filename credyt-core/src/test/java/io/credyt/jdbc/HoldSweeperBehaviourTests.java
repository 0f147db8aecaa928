package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldNotActiveException;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.Concurrently;
import io.credyt.testing.Concurrently.Outcome;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Invariant 4: a hold ends exactly once. Holds whose process died are expired by the sweeper,
 * which any number of instances may run at once.
 */
abstract class HoldSweeperBehaviourTests extends LedgerTestSupport {

	static final Duration TIME_TO_LIVE = Duration.ofMinutes(1);

	static final int CUSTOMERS = 50;

	static final int HOLDS_PER_CUSTOMER = 20;

	HoldSweeperBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Override
	protected LedgerOptions options() {
		return LedgerOptions.defaults().holdTimeToLive(TIME_TO_LIVE);
	}

	@Test
	void twoSweepersExpireAThousandHoldsEachExactlyOnce() {
		for (int c = 0; c < CUSTOMERS; c++) {
			fund(customer(c), "30.00");
		}
		List<Outcome<Hold>> placed = Concurrently.run(8, CUSTOMERS * HOLDS_PER_CUSTOMER,
				(i) -> () -> this.ledger.authorize(AuthorizationRequest.of(customer(i % CUSTOMERS), IMAGE)));
		assertThat(placed).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_hold WHERE status = 'ACTIVE'")).isEqualTo(1000);
		assertUsd(customer(0), "30.00", "5.00", "25.00");
		RowCounts before = rowCounts();

		Instant now = this.clock.advance(TIME_TO_LIVE.plusSeconds(1));
		Ledger other = newLedger(anotherPool());
		List<Outcome<Integer>> sweeps = Concurrently.run(2, 2, (i) -> sweeper((i == 0) ? this.ledger : other, now));

		assertThat(sweeps).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(sweeps.get(0).value() + sweeps.get(1).value()).as("holds expired by both sweepers")
			.isEqualTo(1000);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_hold WHERE status = 'EXPIRED'")).isEqualTo(1000);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_hold WHERE ended_at IS NULL")).isZero();
		assertThat(rowCounts()).as("expiry writes no entries or usage").isEqualTo(before);
		for (int c = 0; c < CUSTOMERS; c++) {
			assertUsd(customer(c), "30.00", "0", "30.00");
		}
		assertThat(this.ledger.expireHolds(now, 200)).isZero();
		assertInvariants();
	}

	@Test
	void sweeperLeavesHoldsWithinTheirTimeToLive() {
		fund("alice", "10.00");
		Hold old = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.clock.advance(Duration.ofSeconds(45));
		Hold young = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		assertThat(this.ledger.expireHolds(this.clock.instant(), 100)).isZero();
		Instant now = this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.ledger.expireHolds(now, 100)).isOne();
		Hold expired = this.ledger.hold(old.id()).orElseThrow();
		assertThat(expired.status()).isEqualTo(HoldStatus.EXPIRED);
		assertThat(expired.endedAt()).isNotNull();
		assertThat(this.ledger.hold(young.id()).orElseThrow().status()).isEqualTo(HoldStatus.ACTIVE);
		assertUsd("alice", "10.00", "0.25", "9.75");
		assertInvariants();
	}

	@Test
	void sweeperHonoursItsLimit() {
		fund("alice", "10.00");
		for (int i = 0; i < 5; i++) {
			this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		}
		Instant now = this.clock.advance(TIME_TO_LIVE.plusSeconds(1));
		assertThat(this.ledger.expireHolds(now, 2)).isEqualTo(2);
		assertUsd("alice", "10.00", "0.75", "9.25");
		assertThat(this.ledger.expireHolds(now, 2)).isEqualTo(2);
		assertThat(this.ledger.expireHolds(now, 2)).isEqualTo(1);
		assertThat(this.ledger.expireHolds(now, 2)).isZero();
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void expiredHoldCannotBeCapturedOrReleased() {
		fund("alice", "10.00");
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.ledger.expireHolds(this.clock.advance(TIME_TO_LIVE.plusSeconds(1)), 10);
		assertThatExceptionOfType(HoldNotActiveException.class)
			.isThrownBy(() -> this.ledger.capture(hold.id(), Capture.of("evt-1")))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HoldStatus.EXPIRED));
		assertThatExceptionOfType(HoldNotActiveException.class).isThrownBy(() -> this.ledger.release(hold.id()))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HoldStatus.EXPIRED));
		assertThat(this.ledger.usage("evt-1")).isEmpty();
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void captureRacingTheSweeperEndsEachHoldExactlyOnce() {
		int holds = 200;
		fund("alice", "100.00");
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < holds; i++) {
			// distinct expiry times: the sweepers meet the holds in the order the capturers do
			this.clock.advance(Duration.ofMillis(1));
			ids.add(this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE)).id());
		}
		Instant now = this.clock.advance(TIME_TO_LIVE.plusSeconds(1));
		Ledger other = newLedger(anotherPool());
		int capturers = 4;
		List<Outcome<Object>> outcomes = Concurrently.run(capturers + 2, capturers + 2, (task) -> {
			if (task >= capturers) {
				return () -> sweeper((task % 2 == 0) ? this.ledger : other, now, 1).call();
			}
			return () -> {
				List<Object> results = new ArrayList<>();
				for (int i = task; i < holds; i += capturers) {
					try {
						results.add(this.ledger.capture(ids.get(i), Capture.of("evt-" + i)));
					}
					catch (HoldNotActiveException ex) {
						results.add(ex);
					}
				}
				return results;
			};
		});
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		int swept = (Integer) outcomes.get(capturers).value() + (Integer) outcomes.get(capturers + 1).value();
		int captured = 0;
		for (int task = 0; task < capturers; task++) {
			List<?> results = (List<?>) outcomes.get(task).value();
			for (int n = 0; n < results.size(); n++) {
				int i = task + n * capturers;
				Hold hold = this.ledger.hold(ids.get(i)).orElseThrow();
				if (results.get(n) instanceof UsageRecord) {
					captured++;
					assertThat(hold.status()).as("hold %d was captured", i).isEqualTo(HoldStatus.CAPTURED);
				}
				else {
					assertThat(((HoldNotActiveException) results.get(n)).status()).as("hold %d", i)
						.isEqualTo(HoldStatus.EXPIRED);
					assertThat(hold.status()).as("hold %d lost to the sweeper", i).isEqualTo(HoldStatus.EXPIRED);
				}
			}
		}
		assertThat(captured + swept).as("captured %d + expired %d", captured, swept).isEqualTo(holds);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_hold WHERE status = 'EXPIRED'")).isEqualTo(swept);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_usage_event")).isEqualTo(captured);
		assertThat(usd("alice").posted())
			.isEqualByComparingTo(new BigDecimal("100.00").subtract(new BigDecimal("0.25").multiply(BigDecimal.valueOf(captured))));
		assertThat(usd("alice").held()).isZero();
		assertInvariants();
	}

	private static String customer(int index) {
		return "customer-" + index;
	}

	private static <T> Callable<T> sweeper(Ledger ledger, Instant now) {
		return sweeper(ledger, now, 200);
	}

	@SuppressWarnings("unchecked")
	private static <T> Callable<T> sweeper(Ledger ledger, Instant now, int limit) {
		return () -> {
			int total = 0;
			int expired;
			do {
				expired = ledger.expireHolds(now, limit);
				total += expired;
			}
			while (expired > 0);
			return (T) Integer.valueOf(total);
		};
	}

}

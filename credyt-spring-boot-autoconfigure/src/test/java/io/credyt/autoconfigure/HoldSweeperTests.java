package io.credyt.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.Ledger;
import io.credyt.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class HoldSweeperTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	@Test
	void theSweeperExpiresHoldsPastTheirTimeToLiveAndGivesTheFundsBack() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withInitializer(CredytAutoConfigurations.catalog())
			.withBean(Clock.class, () -> this.clock)
			.withPropertyValues("credyt.holds.time-to-live=5m", "credyt.holds.sweep-interval=20ms")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				ledger.grant("alice", GrantRequest.paid("USD", "1.00"));
				Hold hold = ledger.authorize(AuthorizationRequest.of("alice", "video"));
				assertThat(ledger.balance("alice").available("USD")).isEqualByComparingTo("0");
				Thread.sleep(100);
				assertThat(ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.ACTIVE);
				this.clock.advance(Duration.ofMinutes(6));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> ledger.hold(hold.id()).orElseThrow().status() == HoldStatus.EXPIRED);
				assertThat(ledger.balance("alice").available("USD")).isEqualByComparingTo("1.00");
			});
	}

	@Test
	void aSweepExpiresBatchAfterBatchUntilNoneIsLeft() {
		Ledger ledger = mock(Ledger.class);
		given(ledger.expireHolds(any(), anyInt())).willReturn(2, 2, 1, 0);
		HoldSweeper sweeper = new HoldSweeper(ledger, this.clock, Duration.ofHours(1), 2);
		assertThat(sweeper.sweep()).isEqualTo(5);
		verify(ledger, times(4)).expireHolds(this.clock.instant(), 2);
		verify(ledger).applyDueGrantChanges(this.clock.instant(), 2);
	}

	@Test
	void aFailedSweepIsLoggedAndTheNextOneRunsAsPlanned() {
		Ledger ledger = mock(Ledger.class);
		AtomicInteger sweeps = new AtomicInteger();
		given(ledger.expireHolds(any(), anyInt())).willAnswer((invocation) -> {
			if (sweeps.incrementAndGet() == 1) {
				throw new IllegalStateException("the database is restarting");
			}
			return 0;
		});
		HoldSweeper sweeper = new HoldSweeper(ledger, this.clock, Duration.ofMillis(10), 500);
		sweeper.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.get() >= 3);
		}
		finally {
			sweeper.stop();
		}
		assertThat(sweeper.isRunning()).isFalse();
	}

	@Test
	void theSweeperStopsCleanlyAndCanStartAgain() {
		Ledger ledger = mock(Ledger.class);
		AtomicInteger sweeps = new AtomicInteger();
		given(ledger.expireHolds(any(), anyInt())).willAnswer((invocation) -> {
			sweeps.incrementAndGet();
			return 0;
		});
		HoldSweeper sweeper = new HoldSweeper(ledger, this.clock, Duration.ofMillis(10), 500);
		sweeper.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.get() >= 1);
		sweeper.stop();
		assertThat(sweeper.isRunning()).isFalse();
		int afterStop = sweeps.get();
		await().pollDelay(Duration.ofMillis(100)).until(() -> true);
		assertThat(sweeps.get()).isEqualTo(afterStop);
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
				(thread) -> thread.getName().equals("credyt-hold-sweeper") && thread.isAlive());
		sweeper.start();
		assertThat(sweeper.isRunning()).isTrue();
		sweeper.stop();
	}

	@Test
	void aSweepIntervalThatIsNotPositiveFailsTheStartUp() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withInitializer(CredytAutoConfigurations.catalog())
			.withPropertyValues("credyt.holds.sweep-interval=0s")
			.run((context) -> assertThat(CredytAutoConfigurations.invalidProperty(context.getStartupFailure()).getName())
				.isEqualTo("credyt.holds.sweep-interval"));
	}

}

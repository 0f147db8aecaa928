package io.credyt.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.credyt.benchmarks.contestant.Conservation;
import io.credyt.benchmarks.contestant.Contestant;
import io.credyt.benchmarks.contestant.Contestants;
import io.credyt.benchmarks.contestant.FloorContestant;
import io.credyt.benchmarks.contestant.RowDatabase;
import io.credyt.benchmarks.contestant.Wallets;
import io.credyt.jdbc.LedgerOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole harness with tiny durations and few wallets, so that it cannot rot: every row is
 * there and valid. How fast anything is, is not this test's business.
 */
class HarnessTests {

	private static final Duration WARMUP = Duration.ofMillis(300);

	private static final Duration MEASURE = Duration.ofMillis(700);

	@Test
	void everyContestantRunsEveryScenarioAndConservesMoney() throws Exception {
		HarnessSettings settings = HarnessSettings.full()
			.durations(WARMUP, MEASURE)
			.scenarios(HarnessSettings.scenarios(200, 4))
			.ledger(LedgerOptions.defaults().groupCommit(new LedgerOptions.GroupCommit(true, 64, 2)));
		ByteArrayOutputStream progress = new ByteArrayOutputStream();

		Report report = Harness.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));

		List<String> expected = new ArrayList<>();
		for (String scenario : List.of(Scenario.MANY, Scenario.HOT, Scenario.SINGLE)) {
			for (String contestant : List.of("billable", "direct", "naive", "bucket4j", "floor")) {
				expected.add(scenario + "/" + contestant);
			}
		}
		assertThat(report.rows()).extracting((row) -> row.scenario() + "/" + row.contestant())
			.containsExactlyElementsOf(expected);
		assertThat(report.rows()).allSatisfy((row) -> {
			assertThat(row.valid()).as("%s/%s: %s", row.scenario(), row.contestant(), row.problem()).isTrue();
			assertThat(row.operations()).isPositive();
			assertThat(row.ratioToFloor()).isNotNull();
		});
		assertThat(report.machine().groupCommit()).as("the ledgers ran with the lanes asked for")
			.isEqualTo("on, batches of up to 64 in 2 lanes");
		assertThat(report.machine().postgresSettings()).containsEntry("fsync", "on")
			.containsEntry("synchronous_commit", "on");
		assertThat(ConsoleTable.render(report)).contains("billable", "floor").doesNotContain("INVALID");
		assertThat(JsonReport.render(report)).contains("\"machine\"", "\"rows\"", "\"ratio_to_floor\"")
			.doesNotContain("\"valid\": false");
	}

	@Test
	void aRunThatLosesMoneyIsInvalidNotAFigure() throws Exception {
		HarnessSettings settings = HarnessSettings.full()
			.durations(Duration.ZERO, Duration.ofMillis(300))
			.scenarios(List.of(new Scenario(Scenario.HOT, 1, 2)))
			.contestants(List.of(new Contestants.Entry("floor", (options) -> new FloorContestant()),
					new Contestants.Entry("double-charging", (options) -> new DoubleCharging())));

		Report report = Harness.run(settings, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

		assertThat(report.rows()).hasSize(2);
		assertThat(report.rows().get(0).valid()).isTrue();
		Row broken = report.rows().get(1);
		assertThat(broken.valid()).isFalse();
		assertThat(broken.problem()).contains("funds spent");
		assertThat(broken.ratioToFloor()).isNull();
		assertThat(ConsoleTable.render(report)).contains("INVALID");
		assertThat(JsonReport.render(report)).contains("\"valid\": false", "\"ops_per_s\": null");
	}

	/** Charges every operation twice: the conservation check must catch it. */
	static final class DoubleCharging implements Contestant {

		private final FloorContestant floor = new FloorContestant();

		@Override
		public String name() {
			return "double-charging";
		}

		@Override
		public void prepare(RowDatabase database, Wallets wallets) {
			this.floor.prepare(database, wallets);
		}

		@Override
		public boolean charge(int wallet) {
			return this.floor.charge(wallet) && this.floor.charge(wallet);
		}

		@Override
		public Conservation check(long charged) {
			return this.floor.check(charged);
		}

		@Override
		public void close() {
			this.floor.close();
		}

	}

}

package io.credyt.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * One contestant's result in one scenario.
 *
 * @param scenario the scenario's name
 * @param contestant the contestant's name
 * @param threads how many threads charged at once
 * @param wallets how many wallets they charged
 * @param operations how many operations started in the measured window
 * @param opsPerSecond operations per second in the measured window
 * @param p50Micros median latency of one operation, in microseconds
 * @param p99Micros 99th percentile latency, in microseconds
 * @param ratioToFloor {@code opsPerSecond} divided by {@code floor}'s in the same scenario
 * ({@code null} when either row is invalid or {@code floor} did not run)
 * @param valid whether every operation succeeded and conservation held
 * @param problem why the row is invalid, {@code null} when it is valid
 */
public record Row(String scenario, String contestant, int threads, int wallets, long operations, double opsPerSecond,
		double p50Micros, double p99Micros, @Nullable Double ratioToFloor, boolean valid, @Nullable String problem) {

	Row ratioToFloor(@Nullable Double value) {
		return new Row(this.scenario, this.contestant, this.threads, this.wallets, this.operations, this.opsPerSecond,
				this.p50Micros, this.p99Micros, value, this.valid, this.problem);
	}

}

package io.credyt.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Every operation's latency, in nanoseconds, kept whole (no histogram buckets) so that the
 * percentiles are exact. One recorder per thread; {@link #merge} combines them after the run.
 */
final class LatencyRecorder {

	private long[] values = new long[1 << 14];

	private int size;

	void record(long nanos) {
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.values.length * 2);
		}
		this.values[this.size++] = nanos;
	}

	int size() {
		return this.size;
	}

	/**
	 * Sorts every recorder's latencies into one array.
	 * @param recorders the threads' recorders
	 * @return all latencies, sorted
	 */
	static long[] merge(List<LatencyRecorder> recorders) {
		int total = recorders.stream().mapToInt(LatencyRecorder::size).sum();
		long[] all = new long[total];
		int at = 0;
		for (LatencyRecorder recorder : recorders) {
			System.arraycopy(recorder.values, 0, all, at, recorder.size);
			at += recorder.size;
		}
		Arrays.sort(all);
		return all;
	}

	/**
	 * A percentile by the nearest-rank method.
	 * @param sorted sorted latencies, not empty
	 * @param percent the percentile, e.g. 99
	 * @return the latency in microseconds
	 */
	static double percentileMicros(long[] sorted, double percent) {
		int rank = (int) Math.ceil(percent / 100 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1_000.0;
	}

}

package io.credyt.benchmarks.contestant;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

/**
 * {@code bucket4j}: Bucket4j's PostgreSQL proxy manager (advisory-lock based, the one its
 * documentation leads with) used as a prepaid wallet: one bucket per wallet whose capacity is the
 * wallet's funds in operations, refilled once a year (never, within a run), and
 * {@code tryConsume(1)} per operation.
 */
public final class Bucket4jContestant implements Contestant {

	private static final Duration NO_REFILL_WITHIN_A_RUN = Duration.ofDays(365);

	private BucketProxy @Nullable [] buckets;

	private BucketProxy @Nullable [] setupBuckets;

	private long capacity;

	private @Nullable JdbcTemplate jdbc;

	@Override
	public String name() {
		return "bucket4j";
	}

	@Override
	public void prepare(RowDatabase database, Wallets wallets) throws Exception {
		this.capacity = wallets.fundedOperations();
		new JdbcTemplate(database.setup()).execute("CREATE TABLE bucket (id BIGINT PRIMARY KEY, state BYTEA)");
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit(Bandwidth.builder().capacity(this.capacity).refillIntervally(this.capacity, NO_REFILL_WITHIN_A_RUN).build())
			.build();
		this.setupBuckets = buckets(Bucket4jPostgreSQL.advisoryLockBasedBuilder(database.setup()).build(), wallets,
				configuration);
		BucketProxy[] setup = this.setupBuckets;
		// funding: each wallet's bucket is created full
		Parallel.forEach(wallets.count(), (wallet) -> setup[wallet].getAvailableTokens());
		this.buckets = buckets(Bucket4jPostgreSQL.advisoryLockBasedBuilder(database.measured()).build(), wallets,
				configuration);
		this.jdbc = new JdbcTemplate(database.measured());
	}

	private static BucketProxy[] buckets(ProxyManager<Long> proxies, Wallets wallets, BucketConfiguration configuration) {
		BucketProxy[] buckets = new BucketProxy[wallets.count()];
		for (int wallet = 0; wallet < buckets.length; wallet++) {
			buckets[wallet] = proxies.builder().build(Wallets.id(wallet), () -> configuration);
		}
		return buckets;
	}

	@Override
	public boolean charge(int wallet) {
		BucketProxy[] proxies = this.buckets;
		if (proxies == null) {
			throw new IllegalStateException("bucket4j was not prepared");
		}
		return proxies[wallet].tryConsume(1);
	}

	@Override
	public Conservation check(long charged) {
		BucketProxy[] setup = this.setupBuckets;
		JdbcTemplate jdbc = this.jdbc;
		if (setup == null || jdbc == null) {
			throw new IllegalStateException("bucket4j was not prepared");
		}
		AtomicLong spent = new AtomicLong();
		AtomicLong negative = new AtomicLong();
		try {
			// read through the set-up pool: each read is a transaction of its own
			Parallel.forEach(setup.length, (wallet) -> {
				long available = setup[wallet].getAvailableTokens();
				if (available < 0) {
					negative.incrementAndGet();
				}
				spent.addAndGet(this.capacity - available);
			});
		}
		catch (Exception ex) {
			throw new IllegalStateException("The buckets could not be read", ex);
		}
		long rows = LedgerContestant.count(jdbc.queryForObject("SELECT COUNT(*) FROM bucket", Long.class));
		return Conservation.checker()
			.equal("buckets", setup.length, rows)
			.none("buckets with a negative balance", negative.get())
			.equal("tokens consumed", charged, spent.get())
			.verdict();
	}

	@Override
	public void close() {
		// nothing of its own to stop: the harness closes the pools
	}

}

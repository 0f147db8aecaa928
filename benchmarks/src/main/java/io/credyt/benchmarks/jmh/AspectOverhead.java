package io.credyt.benchmarks.jmh;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.credyt.benchmarks.contestant.BenchmarkCatalog;
import io.credyt.benchmarks.contestant.BillableApplication;
import io.credyt.benchmarks.contestant.MeteredOperations;
import io.credyt.benchmarks.contestant.PlainOperations;
import io.credyt.benchmarks.contestant.Wallets;
import io.credyt.jdbc.LedgerSchema;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Asset;

/**
 * What {@code @Billable} adds to a call when the database costs next to nothing: the same no-op
 * method, billed through its Spring proxy (authorize, call, capture, on an in-memory H2 ledger)
 * and not billed, and in between the two ledger calls the aspect makes, made by hand. Sample time,
 * so the report has the median and the tail.
 *
 * <pre>
 * java -cp benchmarks/target/credyt-benchmarks.jar org.openjdk.jmh.Main AspectOverhead
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class AspectOverhead {

	/** Wallets billed in turn, so no single wallet's history grows without bound. */
	private static final int WALLETS = 100;

	private final String[] wallets = new String[WALLETS];

	private @Nullable HikariDataSource dataSource;

	private @Nullable BillableApplication application;

	private @Nullable MeteredOperations metered;

	private @Nullable PlainOperations plain;

	private @Nullable Ledger ledger;

	private int next;

	@Setup(Level.Trial)
	public void start() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl("jdbc:h2:mem:aspect_overhead;DB_CLOSE_DELAY=-1");
		pool.setUsername("sa");
		pool.setPassword("");
		pool.setMaximumPoolSize(4);
		this.dataSource = pool;
		LedgerSchema.initialize(pool);
		BillableApplication started = BillableApplication.start(pool);
		this.application = started;
		GrantRequest funds = GrantRequest.paid(Asset.USD.code(),
				new Wallets(WALLETS, Wallets.DEFAULT_FUNDED_OPERATIONS).funds().toPlainString());
		for (int i = 0; i < WALLETS; i++) {
			this.wallets[i] = Wallets.externalId(i);
			started.ledger().grant(this.wallets[i], funds);
		}
		this.metered = started.metered();
		this.plain = started.plain();
		this.ledger = started.ledger();
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.application != null) {
			this.application.close();
		}
		if (this.dataSource != null) {
			this.dataSource.close();
		}
	}

	private String wallet() {
		String wallet = this.wallets[this.next];
		this.next = (this.next + 1) % WALLETS;
		return wallet;
	}

	/** The annotated method through its proxy: authorize, call, capture. */
	@Benchmark
	public void billable() {
		this.metered.op(wallet());
	}

	/**
	 * What the aspect asks of the ledger, called by hand: authorize, then capture. Billable minus
	 * this is the aspect's own share (proxy, SpEL, metadata).
	 * @return the usage, so that nothing is optimized away
	 */
	@Benchmark
	public UsageRecord ledger() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of(wallet(), BenchmarkCatalog.PRODUCT));
		return this.ledger.capture(hold.id(), Capture.of(UUID.randomUUID().toString()));
	}

	/** The same method without the annotation. */
	@Benchmark
	public void plain() {
		this.plain.op(wallet());
	}

}

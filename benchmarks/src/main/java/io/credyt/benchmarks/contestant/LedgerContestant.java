package io.credyt.benchmarks.contestant;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.jdbc.JdbcLedger;
import io.credyt.jdbc.LedgerOptions;
import io.credyt.jdbc.LedgerSchema;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.money.Asset;

/**
 * What the two Credyt contestants share: the ledger's own schema, wallets funded through the
 * ledger's API (one paid grant each), and the conservation check over the ledger's tables.
 */
abstract class LedgerContestant implements Contestant {

	private final LedgerOptions options;

	private @Nullable JdbcTemplate jdbc;

	private @Nullable Ledger ledger;

	/**
	 * @param options what the measured ledger runs with (funding uses the defaults)
	 */
	LedgerContestant(LedgerOptions options) {
		this.options = options;
	}

	/**
	 * The options the measured ledger runs with.
	 * @return the options
	 */
	protected final LedgerOptions options() {
		return this.options;
	}

	@Override
	public final void prepare(RowDatabase database, Wallets wallets) throws Exception {
		LedgerSchema.initialize(database.setup());
		Ledger funding = new JdbcLedger(database.setup(), BenchmarkCatalog.catalog(), LedgerOptions.defaults(),
				Clock.systemUTC());
		GrantRequest funds = GrantRequest.paid(Asset.USD.code(), wallets.funds().toPlainString());
		try {
			Parallel.forEach(wallets.count(), (wallet) -> funding.grant(Wallets.externalId(wallet), funds));
		}
		finally {
			close(funding);
		}
		Ledger measured = start(database.measured());
		// the customer id cache, as in an application that has served these customers before
		Parallel.forEach(wallets.count(), (wallet) -> measured.customer(Wallets.externalId(wallet)));
		this.ledger = measured;
		this.jdbc = new JdbcTemplate(database.measured());
	}

	/**
	 * Starts what the measured operations go through.
	 * @param dataSource the measured pool
	 * @return the ledger that bills them
	 */
	protected abstract Ledger start(DataSource dataSource);

	/**
	 * The ledger {@link #start} returned.
	 * @return the ledger
	 */
	protected final Ledger ledger() {
		Ledger started = this.ledger;
		if (started == null) {
			throw new IllegalStateException(name() + " was not prepared");
		}
		return started;
	}

	@Override
	public Conservation check(long charged) {
		JdbcTemplate jdbc = this.jdbc;
		if (jdbc == null) {
			throw new IllegalStateException(name() + " was not prepared");
		}
		Conservation.Checker checker = Conservation.checker();
		Map<String, Object> accounts = jdbc.queryForMap("SELECT COUNT(*) AS accounts,"
				+ " COUNT(*) FILTER (WHERE a.posted <> COALESCE(e.total, 0)) AS unbalanced,"
				+ " COUNT(*) FILTER (WHERE a.posted < 0 OR a.held < 0) AS negative,"
				+ " COUNT(*) FILTER (WHERE a.held <> 0) AS holding, COALESCE(SUM(a.posted), 0) AS posted"
				+ " FROM credyt_account a LEFT JOIN (SELECT customer_id, asset, SUM(amount) AS total FROM credyt_entry"
				+ " GROUP BY customer_id, asset) e ON e.customer_id = a.customer_id AND e.asset = a.asset");
		Map<String, Object> grants = jdbc.queryForMap("SELECT COUNT(*) AS entries, COALESCE(SUM(amount), 0) AS amount"
				+ " FROM credyt_entry WHERE type = 'GRANT'");
		Map<String, Object> usageEntries = jdbc.queryForMap("SELECT COUNT(*) AS entries,"
				+ " COALESCE(SUM(amount), 0) AS amount FROM credyt_entry WHERE type = 'USAGE'");
		Map<String, Object> usage = jdbc.queryForMap("SELECT COUNT(*) AS events, COALESCE(SUM(fee), 0) AS fees"
				+ " FROM credyt_usage_event");
		long activeHolds = count(jdbc.queryForObject("SELECT COUNT(*) FROM credyt_hold WHERE status = 'ACTIVE'",
				Long.class));
		long wallets = count(grants.get("entries"));
		BigDecimal charges = Wallets.PRICE.multiply(BigDecimal.valueOf(charged));
		return checker.equal("accounts", wallets, count(accounts.get("accounts")))
			.none("accounts whose posted balance is not the sum of their ledger entries", count(accounts.get("unbalanced")))
			.none("accounts with a negative posted or held balance", count(accounts.get("negative")))
			.none("accounts still holding funds after every call returned", count(accounts.get("holding")))
			.none("active holds after every call returned", activeHolds)
			.equal("usage events", charged, count(usage.get("events")))
			.equal("usage entries", charged, count(usageEntries.get("entries")))
			.equal("fees of the usage events", charges, amount(usage.get("fees")))
			.equal("usage entries' total", charges.negate(), amount(usageEntries.get("amount")))
			.equal("posted balances", amount(grants.get("amount")).subtract(charges), amount(accounts.get("posted")))
			.verdict();
	}

	@Override
	public void close() {
		Ledger started = this.ledger;
		if (started != null) {
			close(started);
		}
	}

	private static void close(Ledger ledger) {
		// a ledger that runs group commit on threads of its own may need stopping
		if (ledger instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException("The ledger did not close", ex);
			}
		}
	}

	static long count(@Nullable Object value) {
		return (value != null) ? ((Number) value).longValue() : 0;
	}

	static BigDecimal amount(@Nullable Object value) {
		if (value == null) {
			return BigDecimal.ZERO;
		}
		return (value instanceof BigDecimal decimal) ? decimal : new BigDecimal(value.toString());
	}

}

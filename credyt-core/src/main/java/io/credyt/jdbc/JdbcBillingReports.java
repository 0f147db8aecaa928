package io.credyt.jdbc;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Asset;
import io.credyt.money.Money;
import io.credyt.report.BillingReports;
import io.credyt.report.CustomerSort;
import io.credyt.report.CustomerProfitability;
import io.credyt.report.CustomerSummary;
import io.credyt.report.DailyProfitability;
import io.credyt.report.DailySpend;
import io.credyt.report.ProfitabilityLine;
import io.credyt.report.ProfitabilityQuery;
import io.credyt.report.ProfitabilityReport;
import io.credyt.report.SpendHistory;
import io.credyt.report.SpendLine;
import io.credyt.report.SpendQuery;
import io.credyt.subscription.Subscription;

import static io.credyt.jdbc.Rows.time;

/**
 * {@link BillingReports} on the ledger's tables (H2 or PostgreSQL). Every statement is a plain
 * {@code SELECT}: no locks, no writes, nothing the hot path waits for. Reads are not in one
 * transaction, so a page and its total may disagree by what was recorded in between.
 */
public final class JdbcBillingReports implements BillingReports {

	private static final int MAX_ID_LENGTH = 255;

	private static final int MAX_ASSET_LENGTH = 32;

	private static final String SUMMARY_COLUMNS = "c.external_id, c.created_at,"
			+ " COALESCE(a.posted, 0) AS posted, COALESCE(a.held, 0) AS held,"
			+ " COALESCE(a.posted, 0) - COALESCE(a.held, 0) AS available,"
			+ " COALESCE((SELECT SUM(u.fee) FROM credyt_usage_event u WHERE u.customer_id = c.id AND u.asset = ?"
			+ " AND u.recorded_at >= ? AND u.recorded_at < ?), 0) AS spend_this_month,"
			+ " (SELECT MAX(u.recorded_at) FROM credyt_usage_event u WHERE u.customer_id = c.id) AS last_usage_at";

	/** A usage's UTC day, as text that {@link LocalDate#parse} reads on either database. */
	private static final String UTC_DAY = "CAST(u.recorded_at AT TIME ZONE 'UTC' AS DATE)";

	private static final String DAILY_SPEND = "SELECT " + UTC_DAY + " AS report_key, COUNT(*) AS events,"
			+ " SUM(u.fee) AS fee, SUM(u.fee_paid) AS paid, SUM(u.fee_promotional) AS promotional,"
			+ " SUM(u.fee_bundled) AS bundled, SUM(u.fee_unfunded) AS unfunded, SUM(u.cost) AS cost"
			+ " FROM credyt_usage_event u JOIN credyt_customer c ON c.id = u.customer_id"
			+ " WHERE c.external_id = ? AND u.asset = ? AND u.recorded_at >= ? AND u.recorded_at < ?"
			+ " GROUP BY " + UTC_DAY;

	/**
	 * Subscription revenue as signed amounts, each with its customer, asset and time: each fee's
	 * revenue, less the paid value credited back at an upgrade (that value is paid value in the
	 * wallet again, revenue when it is spent, so it must not stay revenue of the fee too).
	 */
	private static final String SUBSCRIPTION_REVENUE = "SELECT c.external_id, ch.currency AS asset,"
			+ " ch.revenue AS amount, ch.created_at AS at FROM credyt_subscription_charge ch"
			+ " JOIN credyt_customer c ON c.id = ch.customer_id"
			+ " WHERE ch.created_at >= ? AND ch.created_at < ? AND ch.revenue <> 0"
			+ " UNION ALL SELECT c.external_id, a.asset, -a.amount, a.created_at FROM credyt_adjustment a"
			+ " JOIN credyt_grant g ON g.id = a.grant_id JOIN credyt_customer c ON c.id = a.customer_id"
			+ " WHERE a.reason = 'SUBSCRIPTION_CREDIT' AND g.purpose = 'PAID'"
			+ " AND a.created_at >= ? AND a.created_at < ?";

	/** A subscription revenue amount's UTC day, as {@link #UTC_DAY} is a usage's. */
	private static final String FEE_UTC_DAY = "CAST(f.at AT TIME ZONE 'UTC' AS DATE)";

	/** Active subscriptions that end at their period's end. */
	private static final String CANCELLING = " WHERE s.status = 'ACTIVE' AND s.cancel_at_period_end = TRUE";

	private static final String MATCHING = " WHERE LOWER(c.external_id) LIKE ? ESCAPE '\\'";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final @Nullable Catalog catalog;

	public JdbcBillingReports(DataSource dataSource) {
		this(dataSource, Clock.systemUTC());
	}

	/**
	 * Creates the reports.
	 * @param dataSource the ledger's database
	 * @param clock what "this month" is measured by
	 */
	public JdbcBillingReports(DataSource dataSource, Clock clock) {
		this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
		this.clock = Objects.requireNonNull(clock, "clock");
		this.catalog = null;
	}

	/**
	 * Creates the reports, profitability included (it needs the catalog's assets and vendors).
	 * @param dataSource the ledger's database
	 * @param catalog the products and assets
	 * @param clock what "this month" is measured by
	 */
	public JdbcBillingReports(DataSource dataSource, Catalog catalog, Clock clock) {
		this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
		this.clock = Objects.requireNonNull(clock, "clock");
		this.catalog = Objects.requireNonNull(catalog, "catalog");
	}

	/**
	 * Sums usage and subscription revenue per customer and asset in SQL, converts each asset's sums
	 * to the base currency at the catalog's rate, and ranks the customers in Java (a customer's
	 * usage may be in several assets).
	 */
	@Override
	public ProfitabilityReport profitability(ProfitabilityQuery query) {
		Map<String, ProfitabilityLine> lines = new HashMap<>();
		usage(query, "c.external_id", (key, line) -> lines.merge(key, line, ProfitabilityLine::plus));
		subscriptionRevenue(query, "f.external_id", (key, line) -> lines.merge(key, line, ProfitabilityLine::plus));
		List<CustomerProfitability> ranked = new ArrayList<>();
		ProfitabilityLine totals = ProfitabilityLine.ZERO;
		for (Map.Entry<String, ProfitabilityLine> entry : lines.entrySet()) {
			ranked.add(new CustomerProfitability(entry.getKey(), entry.getValue()));
			totals = totals.plus(entry.getValue());
		}
		ranked.sort(Comparator.comparing((CustomerProfitability customer) -> customer.line().margin())
			.thenComparing((customer) -> customer.line().totalRevenue())
			.thenComparing(CustomerProfitability::customer));
		return new ProfitabilityReport(query, Asset.USD.code(), ranked.subList(0, Math.min(query.limit(), ranked.size())),
				ranked.size(), totals);
	}

	@Override
	public List<DailyProfitability> dailyProfitability(ProfitabilityQuery query) {
		Map<LocalDate, ProfitabilityLine> days = new TreeMap<>();
		if (query != null) {
			days(query.from(), query.to()).forEach((day) -> days.put(day, ProfitabilityLine.ZERO));
		}
		usage(query, UTC_DAY,
				(key, line) -> days.merge(LocalDate.parse(key), line, ProfitabilityLine::plus));
		subscriptionRevenue(query, FEE_UTC_DAY,
				(key, line) -> days.merge(LocalDate.parse(key), line, ProfitabilityLine::plus));
		List<DailyProfitability> series = new ArrayList<>();
		days.forEach((day, line) -> series.add(new DailyProfitability(day, line)));
		return series;
	}

	/**
	 * Sums the customer's usage in the asset per UTC day in SQL; the fees stay in the asset (the
	 * customer's own unit), the vendor cost in the base currency it is recorded in.
	 */
	@Override
	public SpendHistory dailySpend(SpendQuery query) {
		if (query == null) {
			throw new InvalidRequestException("query", "is required");
		}
		JdbcLedger.validCustomer(query.customer());
		validAsset(query.asset());
		Map<LocalDate, SpendLine> days = new TreeMap<>();
		days(query.from(), query.to()).forEach((day) -> days.put(day, SpendLine.ZERO));
		this.jdbc.query(DAILY_SPEND, (rs) -> {
			SpendLine line = new SpendLine(rs.getLong("events"), Rows.amount(rs, "fee"), Rows.amount(rs, "paid"),
					Rows.amount(rs, "promotional"), Rows.amount(rs, "bundled"), Rows.amount(rs, "unfunded"),
					Rows.amount(rs, "cost"));
			days.merge(LocalDate.parse(rs.getString("report_key")), line, SpendLine::plus);
		}, query.customer(), query.asset(), time(query.from()), time(query.to()));
		List<DailySpend> series = new ArrayList<>();
		SpendLine totals = SpendLine.ZERO;
		for (Map.Entry<LocalDate, SpendLine> day : days.entrySet()) {
			series.add(new DailySpend(day.getKey(), day.getValue()));
			totals = totals.plus(day.getValue());
		}
		return new SpendHistory(query, series, totals);
	}

	/** Every UTC day that {@code [from, to)} touches, in order. */
	private static List<LocalDate> days(Instant from, Instant to) {
		List<LocalDate> days = new ArrayList<>();
		LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
		for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
			days.add(day);
		}
		return days;
	}

	private Catalog catalog() {
		Catalog products = this.catalog;
		if (products == null) {
			throw new IllegalStateException("Profitability needs the catalog: create JdbcBillingReports with it");
		}
		return products;
	}

	/**
	 * Sums the period's usage per {@code key} (an SQL expression) and asset, converts each asset's
	 * sums to the base currency, and hands each to {@code sink} with its key as text.
	 */
	private void usage(ProfitabilityQuery query, String key, BiConsumer<String, ProfitabilityLine> sink) {
		Catalog products = catalog();
		if (query == null) {
			throw new InvalidRequestException("query", "is required");
		}
		Set<String> codes = new TreeSet<>();
		if (query.product() != null) {
			if (products.products().stream().noneMatch((product) -> product.code().equals(query.product()))) {
				throw new InvalidRequestException("product", "the catalog has no product '" + query.product() + "'");
			}
			codes.add(query.product());
		}
		if (query.vendor() != null) {
			Set<String> vendors = new TreeSet<>();
			for (Product product : products.products()) {
				if (query.vendor().equals(product.vendor())
						&& (query.product() == null || product.code().equals(query.product()))) {
					vendors.add(product.code());
				}
			}
			if (vendors.isEmpty()) {
				throw new InvalidRequestException("vendor", "no product of the catalog"
						+ ((query.product() != null) ? " named '" + query.product() + "'" : "")
						+ " is bought from '" + query.vendor() + "'");
			}
			codes = vendors;
		}
		StringBuilder sql = new StringBuilder("SELECT " + key + " AS report_key, u.asset, COUNT(*) AS events,"
				+ " SUM(u.fee_paid - COALESCE(r.fee_paid, 0)) AS paid,"
				+ " SUM(u.fee_promotional - COALESCE(r.fee_promotional, 0)) AS promotional,"
				+ " SUM(u.fee_bundled - COALESCE(r.fee_bundled, 0)) AS bundled,"
				+ " SUM(u.fee_unfunded - COALESCE(r.fee_unfunded, 0)) AS unfunded, SUM(u.cost) AS cost"
				+ " FROM credyt_usage_event u JOIN credyt_customer c ON c.id = u.customer_id"
				// a refunded charge earned nothing, whenever it was refunded; its vendor cost stays
				+ " LEFT JOIN credyt_refund r ON r.usage_event_id = u.id"
				+ " WHERE u.recorded_at >= ? AND u.recorded_at < ?");
		List<Object> arguments = new ArrayList<>(List.of(time(query.from()), time(query.to())));
		if (!codes.isEmpty()) {
			sql.append(" AND u.product IN (").append(String.join(", ", Collections.nCopies(codes.size(), "?"))).append(')');
			arguments.addAll(codes);
		}
		sql.append(" GROUP BY ").append(key).append(", u.asset");
		this.jdbc.query(sql.toString(), (rs) -> {
			BigDecimal rate = products.asset(rs.getString("asset")).rateToBase();
			ProfitabilityLine line = ProfitabilityLine.of(rs.getLong("events"), base(rs, "paid", rate),
					base(rs, "promotional", rate), base(rs, "bundled", rate), base(rs, "unfunded", rate),
					Rows.amount(rs, "cost"));
			sink.accept(rs.getString("report_key"), line);
		}, arguments.toArray());
	}

	/**
	 * Sums the period's subscription revenue per {@code key} (an SQL expression over
	 * {@link #SUBSCRIPTION_REVENUE}'s columns) and asset, converts it to the base currency, and
	 * hands each non-zero sum to {@code sink}. Fees are not split by product: a report of one
	 * product or vendor has none.
	 */
	private void subscriptionRevenue(ProfitabilityQuery query, String key, BiConsumer<String, ProfitabilityLine> sink) {
		if (query.product() != null || query.vendor() != null) {
			return;
		}
		Catalog products = catalog();
		this.jdbc.query("SELECT " + key + " AS report_key, f.asset, SUM(f.amount) AS revenue FROM ("
				+ SUBSCRIPTION_REVENUE + ") f GROUP BY " + key + ", f.asset", (rs) -> {
					BigDecimal revenue = base(rs, "revenue", products.asset(rs.getString("asset")).rateToBase());
					if (revenue.signum() != 0) {
						sink.accept(rs.getString("report_key"), ProfitabilityLine.subscriptionFees(revenue));
					}
				}, time(query.from()), time(query.to()), time(query.from()), time(query.to()));
	}

	private static BigDecimal base(ResultSet rs, String column, BigDecimal rate) throws SQLException {
		return Rows.amount(rs, column).multiply(rate).setScale(Money.SCALE, Money.STORAGE);
	}

	@Override
	public Page<CustomerSummary> customers(@Nullable String search, String asset, CustomerSort sort,
			boolean descending, PageRequest page) {
		validAsset(asset);
		if (sort == null) {
			throw new InvalidRequestException("sort", "a sort key is required");
		}
		validPage(page);
		if (search != null && search.length() > MAX_ID_LENGTH) {
			throw new InvalidRequestException("search", "is at most " + MAX_ID_LENGTH + " characters");
		}
		String pattern = containing((search != null) ? search.trim() : "");
		ZonedDateTime monthStart = ZonedDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC)
			.withDayOfMonth(1)
			.truncatedTo(ChronoUnit.DAYS);
		Instant from = monthStart.toInstant();
		Instant to = monthStart.plusMonths(1).toInstant();
		Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM credyt_customer c" + MATCHING, Long.class,
				pattern);
		String direction = descending ? " DESC" : " ASC";
		// the external id is unique: as the last key it makes the order total, so pages never
		// repeat or skip a customer whose sort value ties with another's
		String order = switch (sort) {
			case EXTERNAL_ID -> "c.external_id" + direction;
			case CREATED -> "c.created_at" + direction + ", c.external_id ASC";
			case AVAILABLE -> "available" + direction + ", c.external_id ASC";
			case SPEND_THIS_MONTH -> "spend_this_month" + direction + ", c.external_id ASC";
		};
		List<CustomerSummary> items = this.jdbc.query("SELECT " + SUMMARY_COLUMNS + " FROM credyt_customer c"
				+ " LEFT JOIN credyt_account a ON a.customer_id = c.id AND a.asset = ?" + MATCHING + " ORDER BY "
				+ order + " LIMIT ? OFFSET ?", (rs, row) -> summary(rs, asset), asset, time(from), time(to), asset,
				pattern, page.size(), page.offset());
		return new Page<>(items, page.page(), page.size(), (total != null) ? total : 0);
	}

	@Override
	public Page<UsageRecord> charges(@Nullable String customer, PageRequest page) {
		validPage(page);
		if (customer == null) {
			Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM credyt_usage_event", Long.class);
			List<UsageRecord> items = this.jdbc.query("SELECT u.*, c.external_id FROM credyt_usage_event u"
					+ " JOIN credyt_customer c ON c.id = u.customer_id ORDER BY u.recorded_at DESC, u.id DESC"
					+ " LIMIT ? OFFSET ?", Rows.USAGE, page.size(), page.offset());
			return new Page<>(items, page.page(), page.size(), (total != null) ? total : 0);
		}
		JdbcLedger.validCustomer(customer);
		Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM credyt_usage_event u"
				+ " JOIN credyt_customer c ON c.id = u.customer_id WHERE c.external_id = ?", Long.class, customer);
		List<UsageRecord> items = this.jdbc.query("SELECT u.*, c.external_id FROM credyt_usage_event u"
				+ " JOIN credyt_customer c ON c.id = u.customer_id WHERE c.external_id = ?"
				+ " ORDER BY u.recorded_at DESC, u.id DESC LIMIT ? OFFSET ?", Rows.USAGE, customer, page.size(),
				page.offset());
		return new Page<>(items, page.page(), page.size(), (total != null) ? total : 0);
	}

	@Override
	public Page<Subscription> cancellingSubscriptions(PageRequest page) {
		validPage(page);
		Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM credyt_subscription s" + CANCELLING, Long.class);
		List<Subscription> items = this.jdbc.query("SELECT s.*, c.external_id FROM credyt_subscription s"
				+ " JOIN credyt_customer c ON c.id = s.customer_id" + CANCELLING
				+ " ORDER BY s.updated_at DESC, s.customer_id LIMIT ? OFFSET ?", SubscriptionStore.SUBSCRIPTION,
				page.size(), page.offset());
		return new Page<>(items, page.page(), page.size(), (total != null) ? total : 0);
	}

	@Override
	public List<Hold> activeHolds(String customer) {
		JdbcLedger.validCustomer(customer);
		return this.jdbc.query("SELECT h.*, c.external_id FROM credyt_hold h"
				+ " JOIN credyt_customer c ON c.id = h.customer_id WHERE c.external_id = ? AND h.status = ?"
				+ " ORDER BY h.created_at DESC, h.id DESC", Rows.HOLD, customer, HoldStatus.ACTIVE.name());
	}

	@Override
	public BigDecimal spend(String customer, String asset, Instant from, Instant to) {
		JdbcLedger.validCustomer(customer);
		validAsset(asset);
		if (from == null) {
			throw new InvalidRequestException("from", "is required");
		}
		if (to == null) {
			throw new InvalidRequestException("to", "is required");
		}
		if (to.isBefore(from)) {
			throw new InvalidRequestException("to", "must not be before from");
		}
		BigDecimal spend = this.jdbc.queryForObject("SELECT COALESCE(SUM(u.fee), 0) FROM credyt_usage_event u"
				+ " JOIN credyt_customer c ON c.id = u.customer_id WHERE c.external_id = ? AND u.asset = ?"
				+ " AND u.recorded_at >= ? AND u.recorded_at < ?", BigDecimal.class, customer, asset, time(from),
				time(to));
		return (spend != null) ? spend.setScale(Money.SCALE) : Money.zero();
	}

	private static CustomerSummary summary(ResultSet rs, String asset) throws SQLException {
		return new CustomerSummary(rs.getString("external_id"), Rows.instant(rs, "created_at"), asset,
				Rows.amount(rs, "posted"), Rows.amount(rs, "held"), Rows.amount(rs, "available"),
				Rows.amount(rs, "spend_this_month"), Rows.nullableInstant(rs, "last_usage_at"));
	}

	/** A {@code LIKE} pattern matching values that contain the text, case-insensitively and literally. */
	private static String containing(String text) {
		StringBuilder pattern = new StringBuilder("%");
		for (char ch : text.toLowerCase(Locale.ROOT).toCharArray()) {
			if (ch == '\\' || ch == '%' || ch == '_') {
				pattern.append('\\');
			}
			pattern.append(ch);
		}
		return pattern.append('%').toString();
	}

	private static void validAsset(@Nullable String asset) {
		if (asset == null || asset.isBlank()) {
			throw new InvalidRequestException("asset", "an asset code is required");
		}
		if (asset.length() > MAX_ASSET_LENGTH) {
			throw new InvalidRequestException("asset", "an asset code is at most " + MAX_ASSET_LENGTH + " characters");
		}
	}

	private static void validPage(@Nullable PageRequest page) {
		if (page == null) {
			throw new InvalidRequestException("page", "a page request is required");
		}
	}

}

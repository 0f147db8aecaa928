package io.credyt.autoconfigure.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.ledger.BillingObserver;
import io.credyt.ledger.Hold;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.UsageRecord;

/**
 * Records the ledger's hot path in Micrometer meters. Every tag has few values (a product code
 * the catalog declares, or {@code unknown}; a fixed result or source); no meter is ever tagged
 * with a customer.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>counts or times</th></tr>
 * <tr><td>{@code credyt.authorizations}</td><td>counter</td><td>{@code product},
 * {@code result} = {@code approved} | {@code declined} | {@code error}</td><td>authorizations
 * (holds asked for)</td></tr>
 * <tr><td>{@code credyt.authorize}</td><td>timer</td><td>{@code product}, {@code result}</td>
 * <td>how long an authorization took</td></tr>
 * <tr><td>{@code credyt.usage.recorded}</td><td>counter</td><td>{@code product},
 * {@code source} = {@code capture} | {@code direct}</td><td>usage events billed, from a hold or
 * directly</td></tr>
 * <tr><td>{@code credyt.capture}</td><td>timer</td><td>{@code product}</td><td>how long a
 * capture took</td></tr>
 * <tr><td>{@code credyt.fees}</td><td>counter</td><td>{@code product}, {@code asset}</td><td>fees
 * charged, in units of the asset (entitlement units are free, so they add nothing)</td></tr>
 * <tr><td>{@code credyt.holds}</td><td>counter</td><td>{@code result} = {@code captured} |
 * {@code released} | {@code expired}</td><td>holds that ended, by how</td></tr>
 * </table>
 *
 * <p>
 * Fees are money, kept exact as {@code BigDecimal} everywhere else; a counter adds
 * {@code double}s, so {@code credyt.fees} is for dashboards, never for accounting.
 */
public final class MeterBillingObserver implements BillingObserver {

	static final String UNKNOWN_PRODUCT = "unknown";

	private final Set<String> products;

	private final MeterProvider<Counter> authorizations;

	private final MeterProvider<Timer> authorize;

	private final MeterProvider<Counter> usageRecorded;

	private final MeterProvider<Timer> capture;

	private final MeterProvider<Counter> fees;

	private final MeterProvider<Counter> holds;

	/**
	 * Creates the observer.
	 * @param registry the registry to record in
	 * @param catalog the catalog whose product codes may appear as tags; any other code is tagged
	 * {@code unknown}
	 */
	public MeterBillingObserver(MeterRegistry registry, Catalog catalog) {
		this.products = catalog.products().stream().map(Product::code).collect(Collectors.toUnmodifiableSet());
		this.authorizations = Counter.builder("credyt.authorizations")
			.description("Authorizations asked for, by result")
			.withRegistry(registry);
		this.authorize = Timer.builder("credyt.authorize")
			.description("Time an authorization took")
			.withRegistry(registry);
		this.usageRecorded = Counter.builder("credyt.usage.recorded")
			.description("Usage events billed, captured from a hold or recorded directly")
			.withRegistry(registry);
		this.capture = Timer.builder("credyt.capture").description("Time a capture took").withRegistry(registry);
		this.fees = Counter.builder("credyt.fees")
			.description("Fees charged, in units of the asset")
			.withRegistry(registry);
		this.holds = Counter.builder("credyt.holds").description("Holds that ended, by how").withRegistry(registry);
	}

	@Override
	public void authorized(Hold hold, Duration took) {
		authorization(hold.product(), "approved", took);
	}

	@Override
	public void declined(String product, InsufficientBalanceException declined, Duration took) {
		authorization(product, "declined", took);
	}

	@Override
	public void authorizationFailed(String product, RuntimeException error, Duration took) {
		authorization(product, "error", took);
	}

	private void authorization(String product, String result, Duration took) {
		String tag = productTag(product);
		this.authorizations.withTags("product", tag, "result", result).increment();
		this.authorize.withTags("product", tag, "result", result).record(took);
	}

	@Override
	public void recorded(UsageRecord usage, boolean captured, Duration took) {
		String product = productTag(usage.product());
		this.usageRecorded.withTags("product", product, "source", captured ? "capture" : "direct").increment();
		this.fees.withTags("product", product, "asset", usage.asset()).increment(amount(usage.fee()));
		if (captured) {
			this.capture.withTags("product", product).record(took);
			this.holds.withTags("result", "captured").increment();
		}
	}

	@Override
	public void released(Hold hold) {
		this.holds.withTags("result", "released").increment();
	}

	@Override
	public void expired(int count) {
		this.holds.withTags("result", "expired").increment(count);
	}

	private String productTag(String product) {
		return this.products.contains(product) ? product : UNKNOWN_PRODUCT;
	}

	private static double amount(BigDecimal fee) {
		return fee.doubleValue();
	}

}

package io.credyt.mcp;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

import io.modelcontextprotocol.common.McpTransportContext;

import io.credyt.InvalidRequestException;
import io.credyt.adjust.Adjustments;
import io.credyt.adjust.ChargeRefunds;
import io.credyt.adjust.OperatorAction;
import io.credyt.adjust.TopUpRefund;
import io.credyt.catalog.Product;
import io.credyt.catalog.Quote;
import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.Balance;
import io.credyt.ledger.Customer;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UnknownCustomerException;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Money;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.report.BillingReports;
import io.credyt.report.ProfitabilityQuery;
import io.credyt.report.ProfitabilityReport;

import static io.credyt.mcp.ToolResults.money;
import static io.credyt.mcp.ToolResults.time;

/**
 * The billing tools an agent calls. Reading tools answer from the ledger and the reports; tools
 * that change billing take a reason and an idempotency key, record the operator as
 * {@code mcp:<key name>}, are logged at INFO, and answer with what changed and the wallet after.
 * <p>
 * A refused call (unknown customer, bad amount, charge already refunded, wallet too low) throws one
 * of the billing engine's typed exceptions before anything is written; the MCP server turns it into
 * a tool error result carrying the message.
 */
public class BillingMcpTools {

	private static final Log logger = LogFactory.getLog(BillingMcpTools.class);

	/** The prefix of the throw-away customers {@code simulate_usage} creates. */
	public static final String SIMULATION_PREFIX = "mcp-sim-";

	static final int MAX_LIMIT = 100;

	private static final String MASK = "******";

	private final Ledger ledger;

	private final BillingReports reports;

	private final @Nullable Adjustments adjustments;

	private final @Nullable PaymentStore payments;

	private final @Nullable PaymentProvider provider;

	private final ConfigurableEnvironment environment;

	private final Clock clock;

	/**
	 * Creates the tools.
	 * @param ledger the ledger
	 * @param reports the billing reports
	 * @param adjustments refunds and gifts, if the application has them
	 * @param payments the top-up payments, if the application has a payment store
	 * @param provider the payment provider, if any
	 * @param environment the environment {@code explain_configuration} reads
	 * @param clock the clock report periods and expiries count from
	 */
	public BillingMcpTools(Ledger ledger, BillingReports reports, @Nullable Adjustments adjustments,
			@Nullable PaymentStore payments, @Nullable PaymentProvider provider, ConfigurableEnvironment environment,
			Clock clock) {
		this.ledger = ledger;
		this.reports = reports;
		this.adjustments = adjustments;
		this.payments = payments;
		this.provider = provider;
		this.environment = environment;
		this.clock = clock;
	}

	@McpTool(name = "list_products", description = "Lists the billable products (unit, asset, price per dimension "
			+ "value, vendor and vendor cost per unit) and the assets wallets hold. Money is in decimal strings.",
			annotations = @McpTool.McpAnnotations(title = "List products", readOnlyHint = true,
					destructiveHint = false, idempotentHint = true))
	public ToolResults.Catalog listProducts() {
		return new ToolResults.Catalog(products(),
				this.ledger.catalog().assets().stream().map(ToolResults.AssetView::of).toList());
	}

	@McpTool(name = "quote_usage", description = "Works out what a usage would cost an existing customer right now: "
			+ "the fee, how many units the customer's entitlements would cover, the fee left to pay and whether the "
			+ "wallet can pay it. Reserves nothing and writes nothing.",
			annotations = @McpTool.McpAnnotations(title = "Quote a usage", readOnlyHint = true,
					destructiveHint = false, idempotentHint = true))
	public ToolResults.QuoteView quoteUsage(
			@McpToolParam(description = "The customer's external id (the application's user id)") String customer,
			@McpToolParam(description = "The product code, as list_products shows it") String product,
			@McpToolParam(description = "How many units, a decimal string such as \"3\" or \"1.5\"") String quantity,
			@McpToolParam(description = "Dimension values, e.g. {\"quality\": \"hd\"}",
					required = false) @Nullable Map<String, String> dimensions) {
		requireCustomer(customer);
		Map<String, String> dims = (dimensions != null) ? dimensions : Map.of();
		BigDecimal units = positive(quantity, "quantity");
		Quote full = this.ledger.catalog().quote(product, dims, units);
		Balance balance = this.ledger.balance(customer);
		BigDecimal covered = balance.entitled(product).min(units).max(BigDecimal.ZERO);
		BigDecimal toPay = (covered.compareTo(units) == 0) ? Money.zero()
				: this.ledger.catalog().quote(product, dims, units.subtract(covered)).fee();
		BigDecimal available = balance.available(full.asset());
		return new ToolResults.QuoteView(customer, product, ToolResults.number(units), dims, full.asset(),
				money(full.unitPrice()), money(full.fee()), ToolResults.number(covered), money(toPay), money(available),
				available.compareTo(toPay) >= 0);
	}

	@McpTool(name = "simulate_usage", description = "Tries a usage for real on a brand-new throw-away test customer "
			+ "(external id mcp-sim-<uuid>): grants the starting balance as promotional credit, records the usage, "
			+ "and returns what was charged, which credit paid it and the wallet after. Sign-up allowances apply as "
			+ "for any new customer. The ledger is append-only, so the test customer stays, recognisable by its "
			+ "mcp-sim- prefix; no real customer is touched.",
			annotations = @McpTool.McpAnnotations(title = "Simulate a usage", readOnlyHint = false,
					destructiveHint = false, idempotentHint = false))
	public ToolResults.SimulationView simulateUsage(
			@McpToolParam(description = "The product code") String product,
			@McpToolParam(description = "How many units, a decimal string") String quantity,
			@McpToolParam(description = "Dimension values, e.g. {\"quality\": \"hd\"}",
					required = false) @Nullable Map<String, String> dimensions,
			@McpToolParam(description = "The test customer's starting balance in the product's asset, a decimal "
					+ "string; \"0\" for none", required = false) @Nullable String startingBalance,
			McpTransportContext context) {
		Product code = this.ledger.catalog().product(product);
		BigDecimal units = positive(quantity, "quantity");
		BigDecimal start = (startingBalance != null && !startingBalance.isBlank())
				? decimal(startingBalance, "startingBalance") : Money.zero();
		if (start.signum() < 0) {
			throw new InvalidRequestException("startingBalance", "must not be negative, was " + startingBalance);
		}
		Map<String, String> dims = (dimensions != null) ? dimensions : Map.of();
		this.ledger.catalog().quote(product, dims, units);
		String customer = SIMULATION_PREFIX + UUID.randomUUID();
		logMutation(context, "simulate_usage", customer);
		this.ledger.customer(customer);
		if (start.signum() > 0) {
			this.ledger.grant(customer, new GrantRequest(code.asset(), start,
					io.credyt.ledger.GrantPurpose.PROMOTIONAL, null, null, null, customer + ":start"));
		}
		UsageRecord usage = this.ledger
			.record(new UsageEvent(customer + ":usage", customer, product, units, dims, null));
		Balance after = this.ledger.balance(customer);
		return new ToolResults.SimulationView(customer,
				"A throw-away test customer; the ledger is append-only, so it stays, under the mcp-sim- prefix.",
				money(start), ToolResults.ChargeView.of(usage, null), ToolResults.AccountView.of(after),
				after.entitlements().stream().map(ToolResults.EntitlementView::of).toList());
	}

	@McpTool(name = "get_customer", description = "Shows one customer's billing: the wallet per asset (posted, "
			+ "held, available, overdraft limit), entitlements with units used and left, grants with credit left, "
			+ "active holds and the last 10 usage events.",
			annotations = @McpTool.McpAnnotations(title = "Get a customer", readOnlyHint = true,
					destructiveHint = false, idempotentHint = true))
	public ToolResults.CustomerView getCustomer(
			@McpToolParam(description = "The customer's external id") String customer) {
		Customer found = requireCustomer(customer);
		Balance balance = this.ledger.balance(customer);
		List<UsageRecord> usage = this.ledger.usage(customer, PageRequest.of(0, 10)).items();
		return new ToolResults.CustomerView(customer, time(found.createdAt()), ToolResults.AccountView.of(balance),
				balance.entitlements().stream().map(ToolResults.EntitlementView::of).toList(),
				this.ledger.grants(customer)
					.stream()
					.filter((grant) -> grant.remaining().signum() > 0)
					.map(ToolResults.GrantView::of)
					.toList(),
				this.reports.activeHolds(customer).stream().map(ToolResults.HoldView::of).toList(), charges(usage));
	}

	@McpTool(name = "list_charges", description = "Lists a customer's charges (usage events as billed), newest "
			+ "first: fee, which credit paid it, entitlement units used, vendor cost, and whether it was refunded. "
			+ "The usage event id is what refund_charge takes.",
			annotations = @McpTool.McpAnnotations(title = "List charges", readOnlyHint = true,
					destructiveHint = false, idempotentHint = true))
	public List<ToolResults.ChargeView> listCharges(
			@McpToolParam(description = "The customer's external id") String customer,
			@McpToolParam(description = "How many, 1 to 100 (default 20)", required = false) @Nullable Integer limit) {
		requireCustomer(customer);
		int size = limit(limit, 20, "limit");
		return charges(this.reports.charges(customer, PageRequest.of(0, size)).items());
	}

	@McpTool(name = "list_top_ups", description = "Lists a customer's top-up payments, newest first, with what is "
			+ "left to refund of each. The payment id is what refund_top_up takes.",
			annotations = @McpTool.McpAnnotations(title = "List top-ups", readOnlyHint = true,
					destructiveHint = false, idempotentHint = true))
	public List<ToolResults.TopUpView> listTopUps(
			@McpToolParam(description = "The customer's external id") String customer,
			@McpToolParam(description = "How many, 1 to 100 (default 20)", required = false) @Nullable Integer limit) {
		requireCustomer(customer);
		int size = limit(limit, 20, "limit");
		if (this.payments == null) {
			return List.of();
		}
		List<ToolResults.TopUpView> topUps = new ArrayList<>();
		for (PaymentRecord payment : this.payments.payments(customer, PageRequest.of(0, size)).items()) {
			BigDecimal refundable = (payment.status() == PaymentStatus.SUCCEEDED && this.adjustments != null)
					? this.adjustments.refundable(customer, payment.id()) : null;
			topUps.add(new ToolResults.TopUpView(payment.id(), payment.kind().name(), payment.status().name(),
					money(payment.amount()), payment.currency(), money(refundable), time(payment.createdAt()),
					payment.failureReason()));
		}
		return topUps;
	}

	@McpTool(name = "profitability", description = "Per customer, what usage earned (paid revenue) and "
			+ "subscription fees earned (subscriptionRevenue) against what usage cost at the vendor over the last "
			+ "days, least profitable first (lowest margin first), with totals. A negative margin is a customer who "
			+ "cost more than they paid; promotional and bundled show value given away. Subscription fees are left "
			+ "out of a report of one product or vendor.",
			annotations = @McpTool.McpAnnotations(title = "Profitability", readOnlyHint = true,
					destructiveHint = false, idempotentHint = true))
	public ToolResults.ProfitabilityView profitability(
			@McpToolParam(description = "How many days back, 1 to 366 (default 30)",
					required = false) @Nullable Integer days,
			@McpToolParam(description = "Only this product", required = false) @Nullable String product,
			@McpToolParam(description = "Only products of this vendor", required = false) @Nullable String vendor,
			@McpToolParam(description = "How many customers, 1 to 100 (default 20)",
					required = false) @Nullable Integer limit) {
		int period = (days != null) ? days : ProfitabilityQuery.DEFAULT_DAYS;
		ProfitabilityQuery query = ProfitabilityQuery.lastDays(period, this.clock)
			.product(blankToNull(product))
			.vendor(blankToNull(vendor))
			.limit(limit(limit, 20, "limit"));
		ProfitabilityReport report = this.reports.profitability(query);
		long unprofitable = report.customers()
			.stream()
			.filter((line) -> line.line().margin().signum() < 0)
			.count();
		return new ToolResults.ProfitabilityView(time(query.from()), time(query.to()), report.currency(),
				report.customerCount(), unprofitable,
				report.customers().stream().map(ToolResults.ProfitabilityLineView::of).toList(),
				ToolResults.ProfitabilityLineView.of(null, report.totals()));
	}

	@McpTool(name = "refund_charge", description = "Refunds one charge: the fee goes back to the kinds of credit "
			+ "that paid it and entitlement units are restored. Refused for a charge already refunded. Repeating "
			+ "the call with the same idempotency key refunds once.",
			annotations = @McpTool.McpAnnotations(title = "Refund a charge", readOnlyHint = false,
					destructiveHint = true, idempotentHint = true))
	public ToolResults.ChargeRefundView refundCharge(
			@McpToolParam(description = "The customer's external id") String customer,
			@McpToolParam(description = "The usage event id of the charge, from list_charges") String usageEventId,
			@McpToolParam(description = "Why, recorded with the refund") String reason,
			@McpToolParam(description = "A unique key for this refund; a repeated call with it does nothing more")
			String idempotencyKey, McpTransportContext context) {
		requireCustomer(customer);
		OperatorAction action = action(context, idempotencyKey, reason);
		logMutation(context, "refund_charge", customer);
		ChargeRefunds refunds = adjustments().refundCharge(customer, usageEventId, action);
		return ToolResults.ChargeRefundView.of(customer, action.operator(), refunds, this.ledger.balance(customer));
	}

	@McpTool(name = "refund_last_charges", description = "Refunds a customer's most recent charges that are not "
			+ "refunded yet (1 to 100), each fee back to the credit that paid it. Repeating the call with the same "
			+ "idempotency key refunds once.",
			annotations = @McpTool.McpAnnotations(title = "Refund the last charges", readOnlyHint = false,
					destructiveHint = true, idempotentHint = true))
	public ToolResults.ChargeRefundView refundLastCharges(
			@McpToolParam(description = "The customer's external id") String customer,
			@McpToolParam(description = "How many of the latest charges, 1 to 100") Integer count,
			@McpToolParam(description = "Why, recorded with the refund") String reason,
			@McpToolParam(description = "A unique key for this refund; a repeated call with it does nothing more")
			String idempotencyKey, McpTransportContext context) {
		requireCustomer(customer);
		if (count == null || count < 1 || count > Adjustments.MAX_CHARGES) {
			throw new InvalidRequestException("count",
					"must be between 1 and " + Adjustments.MAX_CHARGES + ", was " + count);
		}
		OperatorAction action = action(context, idempotencyKey, reason);
		logMutation(context, "refund_last_charges", customer);
		ChargeRefunds refunds = adjustments().refundLastCharges(customer, count, action);
		return ToolResults.ChargeRefundView.of(customer, action.operator(), refunds, this.ledger.balance(customer));
	}

	@McpTool(name = "refund_top_up", description = "Refunds a paid top-up to the customer's card through the payment "
			+ "provider and takes the value back out of the wallet. Without an amount, refunds all that is left. "
			+ "Refused when the wallet holds less unless acceptOverdraft is true. Repeating the call with the same "
			+ "idempotency key refunds once.",
			annotations = @McpTool.McpAnnotations(title = "Refund a top-up", readOnlyHint = false,
					destructiveHint = true, idempotentHint = true, openWorldHint = true))
	public ToolResults.TopUpRefundView refundTopUp(
			@McpToolParam(description = "The customer's external id") String customer,
			@McpToolParam(description = "The payment id, from list_top_ups") String paymentId,
			@McpToolParam(description = "How much, a decimal string in the payment's currency; omit for all that "
					+ "is left", required = false) @Nullable String amount,
			@McpToolParam(description = "Whether to refund more than the wallet holds, leaving it below zero",
					required = false) @Nullable Boolean acceptOverdraft,
			@McpToolParam(description = "Why, recorded with the refund") String reason,
			@McpToolParam(description = "A unique key for this refund; a repeated call with it does nothing more")
			String idempotencyKey, McpTransportContext context) {
		requireCustomer(customer);
		BigDecimal value = (amount != null && !amount.isBlank()) ? positive(amount, "amount") : null;
		OperatorAction action = action(context, idempotencyKey, reason);
		logMutation(context, "refund_top_up", customer);
		TopUpRefund refund = adjustments().refundTopUp(customer, paymentId, value, Boolean.TRUE.equals(acceptOverdraft),
				action);
		return ToolResults.TopUpRefundView.of(refund, this.ledger.balance(customer));
	}

	@McpTool(name = "gift_credits", description = "Gives a customer free credit as a promotional grant, spent before "
			+ "paid credit, optionally expiring. Repeating the call with the same idempotency key gives once.",
			annotations = @McpTool.McpAnnotations(title = "Gift credits", readOnlyHint = false,
					destructiveHint = false, idempotentHint = true))
	public ToolResults.AdjustmentView giftCredits(
			@McpToolParam(description = "The customer's external id") String customer,
			@McpToolParam(description = "The asset code, e.g. USD") String asset,
			@McpToolParam(description = "How much, a positive decimal string") String amount,
			@McpToolParam(description = "Days until what is left of the gift expires; omit for never",
					required = false) @Nullable Integer expiresInDays,
			@McpToolParam(description = "Why, recorded with the gift") String reason,
			@McpToolParam(description = "A unique key for this gift; a repeated call with it does nothing more")
			String idempotencyKey, McpTransportContext context) {
		requireCustomer(customer);
		this.ledger.catalog().asset(asset);
		BigDecimal value = positive(amount, "amount");
		Instant expiresAt = null;
		if (expiresInDays != null) {
			if (expiresInDays < 1 || expiresInDays > 3660) {
				throw new InvalidRequestException("expiresInDays", "must be between 1 and 3660, was " + expiresInDays);
			}
			expiresAt = this.clock.instant().plus(Duration.ofDays(expiresInDays));
		}
		OperatorAction action = action(context, idempotencyKey, reason);
		logMutation(context, "gift_credits", customer);
		Adjustment gift = adjustments().gift(customer, asset, value, expiresAt, action);
		return ToolResults.AdjustmentView.of(gift, this.ledger.balance(customer));
	}

	@McpTool(name = "grant_entitlement", description = "Gives a customer free units of a product, once or renewed "
			+ "every period (DAY, WEEK, MONTH, YEAR), used before the wallet. The idempotency key is kept as the "
			+ "entitlement's reference: a repeated call with it returns the existing entitlement.",
			annotations = @McpTool.McpAnnotations(title = "Grant an entitlement", readOnlyHint = false,
					destructiveHint = false, idempotentHint = true))
	public ToolResults.EntitlementGrantView grantEntitlement(
			@McpToolParam(description = "The customer's external id") String customer,
			@McpToolParam(description = "The product code") String product,
			@McpToolParam(description = "How many units, a positive decimal string") String units,
			@McpToolParam(description = "ONCE, DAY, WEEK, MONTH or YEAR (default ONCE)",
					required = false) @Nullable String period,
			@McpToolParam(description = "A unique key, kept as the entitlement's reference") String idempotencyKey,
			McpTransportContext context) {
		requireCustomer(customer);
		this.ledger.catalog().product(product);
		BigDecimal value = positive(units, "units");
		EntitlementPeriod every = period(period);
		InvalidRequestException.requireText(idempotencyKey, "idempotencyKey", 255);
		String operator = operator(context);
		logMutation(context, "grant_entitlement", customer);
		Entitlement entitlement = this.ledger.entitle(customer,
				new EntitlementRequest(product, value, every, null, null, idempotencyKey));
		return new ToolResults.EntitlementGrantView(customer, operator, ToolResults.EntitlementView.of(entitlement),
				this.ledger.balance(customer).entitlements().stream().map(ToolResults.EntitlementView::of).toList());
	}

	@McpTool(name = "set_overdraft_limit", description = "Sets how far below zero a customer's available balance in "
			+ "an asset may go (0 for none). Returns the previous and the new limit.",
			annotations = @McpTool.McpAnnotations(title = "Set an overdraft limit", readOnlyHint = false,
					destructiveHint = true, idempotentHint = true))
	public ToolResults.OverdraftView setOverdraftLimit(
			@McpToolParam(description = "The customer's external id") String customer,
			@McpToolParam(description = "The asset code, e.g. USD") String asset,
			@McpToolParam(description = "The limit, a decimal string, zero or positive") String limit,
			McpTransportContext context) {
		requireCustomer(customer);
		this.ledger.catalog().asset(asset);
		BigDecimal value = decimal(limit, "limit");
		if (value.signum() < 0) {
			throw new InvalidRequestException("limit", "must be zero or positive, was " + limit);
		}
		AccountBalance before = this.ledger.balance(customer).accounts().get(asset);
		logMutation(context, "set_overdraft_limit", customer);
		this.ledger.overdraftLimit(customer, asset, value);
		return new ToolResults.OverdraftView(customer, asset, (before != null) ? money(before.overdraftLimit()) : null,
				money(value), operator(context), ToolResults.AccountView.of(this.ledger.balance(customer)));
	}

	@McpTool(name = "explain_configuration", description = "Shows the effective billing configuration: every "
			+ "credyt.* property as the application resolved it (secrets, keys, passwords and tokens masked), the "
			+ "products, and the payment provider and whether it is live.",
			annotations = @McpTool.McpAnnotations(title = "Explain the configuration", readOnlyHint = true,
					destructiveHint = false, idempotentHint = true))
	public ToolResults.ConfigurationView explainConfiguration(McpTransportContext context) {
		Map<String, String> properties = new TreeMap<>();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					if (name.startsWith("credyt.") && !properties.containsKey(name)) {
						properties.put(name, masked(name));
					}
				}
			}
		}
		return new ToolResults.ConfigurationView(properties, products(),
				(this.provider != null) ? this.provider.name() : null,
				this.provider != null && this.provider.live(), operator(context));
	}

	private String masked(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.contains("secret") || lower.contains("key") || lower.contains("password")
				|| lower.contains("token")) {
			return MASK;
		}
		String value;
		try {
			value = this.environment.getProperty(name);
		}
		catch (RuntimeException ex) {
			value = "(unresolvable: " + ex.getMessage() + ")";
		}
		return (value != null) ? value : "";
	}

	private List<ToolResults.ProductView> products() {
		return this.ledger.catalog().products().stream().map(ToolResults.ProductView::of).toList();
	}

	private List<ToolResults.ChargeView> charges(List<UsageRecord> usage) {
		List<String> refunded = (this.adjustments != null && !usage.isEmpty())
				? this.adjustments.refunded(usage.stream().map(UsageRecord::id).toList()) : List.of();
		return usage.stream()
			.map((record) -> ToolResults.ChargeView.of(record,
					(this.adjustments != null) ? refunded.contains(record.id()) : null))
			.toList();
	}

	private Customer requireCustomer(@Nullable String customer) {
		InvalidRequestException.requireText(customer, "customer", 255);
		return this.ledger.findCustomer(customer).orElseThrow(() -> new UnknownCustomerException(customer));
	}

	private Adjustments adjustments() {
		if (this.adjustments == null) {
			throw new IllegalStateException("Refunds and gifts are not available: the application has no "
					+ Adjustments.class.getSimpleName() + " (it needs Credyt's JDBC store)");
		}
		return this.adjustments;
	}

	private OperatorAction action(McpTransportContext context, @Nullable String idempotencyKey,
			@Nullable String reason) {
		return new OperatorAction(idempotencyKey, operator(context), reason);
	}

	static String operator(@Nullable McpTransportContext context) {
		Object name = (context != null) ? context.get(McpApiKeyFilter.KEY_NAME_ATTRIBUTE) : null;
		return "mcp:" + ((name != null) ? name : "unknown");
	}

	private static void logMutation(McpTransportContext context, String tool, String customer) {
		if (logger.isInfoEnabled()) {
			logger.info("MCP tool " + tool + " called by " + operator(context) + " for customer '" + customer + "'");
		}
	}

	private static int limit(@Nullable Integer limit, int fallback, String field) {
		int value = (limit != null) ? limit : fallback;
		if (value < 1 || value > MAX_LIMIT) {
			throw new InvalidRequestException(field, "must be between 1 and " + MAX_LIMIT + ", was " + value);
		}
		return value;
	}

	private static BigDecimal decimal(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			throw new InvalidRequestException(field, "is required, as a decimal string such as \"12.50\"");
		}
		try {
			return new BigDecimal(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidRequestException(field, "must be a decimal string such as \"12.50\", was '" + value + "'");
		}
	}

	private static BigDecimal positive(@Nullable String value, String field) {
		BigDecimal decimal = decimal(value, field);
		if (decimal.signum() <= 0) {
			throw new InvalidRequestException(field, "must be positive, was " + value);
		}
		return decimal;
	}

	private static EntitlementPeriod period(@Nullable String period) {
		if (period == null || period.isBlank()) {
			return EntitlementPeriod.ONCE;
		}
		try {
			return EntitlementPeriod.valueOf(period.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("period",
					"must be one of " + Arrays.toString(EntitlementPeriod.values()) + ", was '" + period + "'");
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}

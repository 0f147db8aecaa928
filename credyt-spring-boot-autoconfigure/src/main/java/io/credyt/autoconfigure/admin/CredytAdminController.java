package io.credyt.autoconfigure.admin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

import io.credyt.CredytException;
import io.credyt.InvalidRequestException;
import io.credyt.adjust.ActionConflictException;
import io.credyt.adjust.Adjustments;
import io.credyt.adjust.ChargeAlreadyRefundedException;
import io.credyt.adjust.ChargeRefund;
import io.credyt.adjust.ChargeRefunds;
import io.credyt.adjust.OperatorAction;
import io.credyt.adjust.TopUpRefund;
import io.credyt.adjust.UnknownChargeException;
import io.credyt.adjust.UnknownPaymentException;
import io.credyt.catalog.Product;
import io.credyt.catalog.UnknownAssetException;
import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.Balance;
import io.credyt.ledger.Customer;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UnknownCustomerException;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Money;
import io.credyt.payment.AutoTopUpStatus;
import io.credyt.payment.AutoTopUps;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TopUpPolicy;
import io.credyt.report.BillingReports;
import io.credyt.report.CustomerProfitability;
import io.credyt.report.CustomerSort;
import io.credyt.report.CustomerSummary;
import io.credyt.report.ProfitabilityLine;
import io.credyt.report.ProfitabilityQuery;
import io.credyt.report.ProfitabilityReport;
import io.credyt.report.SpendHistory;
import io.credyt.report.SpendQuery;
import io.credyt.subscription.Subscriptions;
import io.credyt.webhook.JdbcWebhookDestinations;

/**
 * The operator dashboard: customers with their balances, a customer's whole billing picture,
 * every charge and every top-up, each a page at a time; and the operator's actions on a customer's
 * wallet (refunds, gifts, corrections), each confirmed on a page of its own first. With plans, a
 * customer's page shows their subscription and the fees it collected. Every request is checked against {@link AdminAccess} before anything is
 * read; a request that is not permitted gets a 403 page.
 */
@Controller
@RequestMapping("${" + CredytAdminController.PATH_PROPERTY + ":" + CredytAdminProperties.DEFAULT_PATH + "}")
public class CredytAdminController {

	static final String PATH_PROPERTY = "credyt.admin.path";

	/** The request attribute where Spring Security's CSRF filter puts the token. */
	static final String CSRF_TOKEN = "org.springframework.security.web.csrf.CsrfToken";

	/** The longest a gift may last before it expires. */
	private static final int MAX_GIFT_DAYS = 3650;

	private static final String VIEWS = "credyt/admin/";

	private final Ledger ledger;

	private final BillingReports reports;

	private final ObjectProvider<PaymentStore> paymentStore;

	private final ObjectProvider<AutoTopUps> autoTopUps;

	private final AdminAccess access;

	private final String path;

	private final int pageSize;

	private final String asset;

	private final Clock clock;

	private final ObjectProvider<TopUpPolicy> topUpPolicy;

	private final AdminFormat format;

	private final AdminLinks links;

	private final ObjectProvider<Adjustments> adjustments;

	private final ObjectProvider<JdbcWebhookDestinations> webhooks;

	private final ObjectProvider<Subscriptions> subscriptions;

	/**
	 * Creates the dashboard.
	 * @param ledger the ledger
	 * @param reports the reports across customers
	 * @param paymentStore the top-up payments, when the application has them
	 * @param autoTopUps the auto top-up service, when the application has it
	 * @param topUpPolicy the asset and currency of top-ups, when the application has payments
	 * @param access who may see the dashboard
	 * @param properties the path, page size and list asset (already validated)
	 * @param clock what "this month" is measured by
	 * @param adjustments the operator's refunds, gifts and corrections, when the application has them
	 * @param webhooks the webhook destinations, when the application sends webhooks
	 * @param subscriptions the customers' subscriptions, when the application has plans
	 */
	public CredytAdminController(Ledger ledger, BillingReports reports, ObjectProvider<PaymentStore> paymentStore,
			ObjectProvider<AutoTopUps> autoTopUps, ObjectProvider<TopUpPolicy> topUpPolicy, AdminAccess access,
			CredytAdminProperties properties, Clock clock, ObjectProvider<Adjustments> adjustments,
			ObjectProvider<JdbcWebhookDestinations> webhooks, ObjectProvider<Subscriptions> subscriptions) {
		this.ledger = ledger;
		this.reports = reports;
		this.paymentStore = paymentStore;
		this.autoTopUps = autoTopUps;
		this.topUpPolicy = topUpPolicy;
		this.access = access;
		this.path = properties.getPath();
		this.pageSize = properties.getPageSize();
		this.asset = properties.getAsset();
		this.clock = clock;
		this.format = new AdminFormat(ledger.catalog());
		this.links = new AdminLinks(this.path);
		this.adjustments = adjustments;
		this.webhooks = webhooks;
		this.subscriptions = subscriptions;
	}

	/**
	 * Runs before every handler of this controller, before its arguments are even read: the
	 * access check, and what every page's frame shows.
	 */
	@ModelAttribute
	void frame(HttpServletRequest request, HttpServletResponse response, Model model) {
		requireAccess(request);
		response.setHeader("Cache-Control", "no-store");
		model.addAllAttributes(frameAttributes());
	}

	@GetMapping
	String customers(@RequestParam(name = "q", required = false) @Nullable String query,
			@RequestParam(name = "sort", defaultValue = "created") String sort,
			@RequestParam(name = "dir", defaultValue = "desc") String direction,
			@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		CustomerSort key = CustomerSort.of(sort);
		boolean descending = descending(direction);
		String search = (query != null && !query.isBlank()) ? query.trim() : null;
		Page<CustomerSummary> customers = this.reports.customers(search, this.asset, key, descending,
				pageRequest("page", page));
		Map<String, SortLink> sorts = new LinkedHashMap<>();
		for (CustomerSort column : CustomerSort.values()) {
			boolean active = column == key;
			boolean nextDescending = active ? !descending : column != CustomerSort.EXTERNAL_ID;
			sorts.put(column.parameter(),
					new SortLink(customersUrl(search, column, nextDescending, 1), active, descending));
		}
		model.addAttribute("section", "customers");
		model.addAttribute("customers", customers);
		model.addAttribute("query", (search != null) ? search : "");
		model.addAttribute("sort", key.parameter());
		model.addAttribute("dir", descending ? "desc" : "asc");
		model.addAttribute("sorts", sorts);
		model.addAttribute("pager", Pager.of(customers, (number) -> customersUrl(search, key, descending, number)));
		// the last 30 days at a glance, on the list's first page (a search or another page skips it)
		model.addAttribute("chart", (search == null && page == 1)
				? DailyChart.of(this.reports.dailyProfitability(ProfitabilityQuery.lastDays(this.clock))) : null);
		return VIEWS + "customers";
	}

	@GetMapping("/customers/{externalId}")
	String customer(@PathVariable("externalId") String externalId,
			@RequestParam(name = "usagePage", defaultValue = "1") int usagePage,
			@RequestParam(name = "adjustmentPage", defaultValue = "1") int adjustmentPage,
			@RequestParam(name = "topUpPage", defaultValue = "1") int topUpPage, Model model) {
		PageRequest usageRequest = pageRequest("usagePage", usagePage);
		PageRequest adjustmentRequest = pageRequest("adjustmentPage", adjustmentPage);
		PageRequest topUpRequest = pageRequest("topUpPage", topUpPage);
		Optional<Customer> customer = this.ledger.findCustomer(externalId);
		PaymentStore payments = this.paymentStore.getIfAvailable();
		Page<PaymentRecord> topUps = (payments != null) ? payments.payments(externalId, topUpRequest) : null;
		// a customer whose only trace is a payment (a first top-up that failed) is still shown
		if (customer.isEmpty() && (topUps == null || topUps.total() == 0)) {
			throw new NotFoundException("No customer '" + externalId + "'");
		}
		Balance balance = this.ledger.balance(externalId);
		ZonedDateTime monthStart = ZonedDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC)
			.withDayOfMonth(1)
			.truncatedTo(ChronoUnit.DAYS);
		List<WalletAccount> wallet = new ArrayList<>();
		for (AccountBalance account : balance.accounts().values()) {
			wallet.add(new WalletAccount(account, this.reports.spend(externalId, account.asset(),
					monthStart.toInstant(), monthStart.plusMonths(1).toInstant())));
		}
		List<SpendChart> spendCharts = new ArrayList<>();
		for (WalletAccount row : wallet) {
			spendCharts.add(spendChart(externalId, row.account().asset()));
		}
		model.addAttribute("section", "customers");
		model.addAttribute("externalId", externalId);
		model.addAttribute("spendCharts", spendCharts);
		model.addAttribute("customer", customer.orElse(null));
		model.addAttribute("wallet", wallet);
		model.addAttribute("entitlements", balance.entitlements());
		model.addAttribute("grants", this.ledger.grants(externalId));
		model.addAttribute("holds", this.reports.activeHolds(externalId));
		Page<UsageRecord> usage = this.ledger.usage(externalId, usageRequest);
		model.addAttribute("usage", usage);
		model.addAttribute("usagePager",
				Pager.of(usage, (number) -> customerUrl(externalId, number, adjustmentPage, topUpPage)));
		Page<Adjustment> adjustments = this.ledger.adjustments(externalId, adjustmentRequest);
		model.addAttribute("adjustments", adjustments);
		model.addAttribute("adjustmentPager",
				Pager.of(adjustments, (number) -> customerUrl(externalId, usagePage, number, topUpPage)));
		model.addAttribute("topUps", topUps);
		model.addAttribute("topUpPager", (topUps != null)
				? Pager.of(topUps, (number) -> customerUrl(externalId, usagePage, adjustmentPage, number)) : null);
		AutoTopUps autoTopUp = this.autoTopUps.getIfAvailable();
		model.addAttribute("autoTopUpsAvailable", autoTopUp != null);
		model.addAttribute("autoTopUp", (autoTopUp != null) ? autoTopUp.status(externalId).orElse(null) : null);
		Adjustments service = this.adjustments.getIfAvailable();
		model.addAttribute("canAct", service != null && customer.isPresent());
		model.addAttribute("refundedCharges", (service != null)
				? service.refunded(usage.items().stream().map(UsageRecord::id).toList()) : List.of());
		model.addAttribute("refundableTopUps", (service != null && topUps != null) ? topUps.items()
			.stream()
			.filter((payment) -> payment.status() == PaymentStatus.SUCCEEDED && payment.paymentReference() != null)
			.toList() : List.of());
		model.addAttribute("assets", balance.accounts().keySet());
		model.addAttribute("topUpRefunds", (service != null && customer.isPresent())
				? service.topUpRefunds(externalId, PageRequest.of(0, PageRequest.MAX_SIZE)).items() : List.of());
		Subscriptions plans = this.subscriptions.getIfAvailable();
		model.addAttribute("subscription",
				(plans != null && customer.isPresent()) ? plans.subscription(externalId).orElse(null) : null);
		model.addAttribute("subscriptionCharges",
				(plans != null && customer.isPresent()) ? plans.charges(externalId) : List.of());
		return VIEWS + "customer";
	}

	/**
	 * The customer's last 30 days in an asset: the fees drawn in the base currency, at the asset's
	 * rate, so they stand on one scale with the vendor cost.
	 */
	private SpendChart spendChart(String externalId, String assetCode) {
		SpendHistory history = this.reports.dailySpend(SpendQuery.lastDays(externalId, assetCode, this.clock));
		BigDecimal rate;
		try {
			rate = this.ledger.catalog().asset(assetCode).rateToBase();
		}
		catch (UnknownAssetException ex) {
			// an account in an asset since removed from the catalog: drawn as it is
			rate = BigDecimal.ONE;
		}
		return new SpendChart(assetCode, history, DailyChart.spend(history.days(), rate, true));
	}

	@GetMapping("/charges")
	String charges(@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		Page<UsageRecord> charges = this.reports.charges(null, pageRequest("page", page));
		model.addAttribute("section", "charges");
		model.addAttribute("charges", charges);
		model.addAttribute("pager", Pager.of(charges, (number) -> this.links.charges() + query(pageParam(number))));
		return VIEWS + "charges";
	}

	@GetMapping("/profitability")
	String profitability(@RequestParam(name = "days", defaultValue = "30") int days,
			@RequestParam(name = "product", required = false) @Nullable String product,
			@RequestParam(name = "vendor", required = false) @Nullable String vendor, Model model) {
		ProfitabilityQuery query = profitabilityQuery(days, product, vendor, ProfitabilityQuery.DEFAULT_LIMIT);
		model.addAttribute("section", "profitability");
		model.addAttribute("report", this.reports.profitability(query));
		model.addAttribute("chart", DailyChart.of(this.reports.dailyProfitability(query)));
		model.addAttribute("days", days);
		model.addAttribute("periods", List.of(7, 30, 90, 365));
		model.addAttribute("products", this.ledger.catalog().products().stream().map(Product::code).sorted().toList());
		model.addAttribute("vendors", this.ledger.catalog().products().stream().map(Product::vendor)
			.filter(Objects::nonNull).distinct().sorted().toList());
		Map<String, String> params = new LinkedHashMap<>();
		params.put("days", String.valueOf(days));
		if (query.product() != null) {
			params.put("product", query.product());
		}
		if (query.vendor() != null) {
			params.put("vendor", query.vendor());
		}
		model.addAttribute("product", query.product());
		model.addAttribute("vendor", query.vendor());
		model.addAttribute("csv", this.links.profitabilityCsv() + query(params));
		return VIEWS + "profitability";
	}

	/**
	 * The profitability report as a CSV download: up to {@value ProfitabilityQuery#MAX_LIMIT}
	 * customers, then the totals; {@code revenue} is usage revenue, {@code subscription_revenue} the
	 * subscription fees' revenue, both in the margin. A text that a spreadsheet would run as a formula is written with
	 * a leading quote.
	 */
	@GetMapping(path = "/profitability.csv")
	ResponseEntity<String> profitabilityCsv(@RequestParam(name = "days", defaultValue = "30") int days,
			@RequestParam(name = "product", required = false) @Nullable String product,
			@RequestParam(name = "vendor", required = false) @Nullable String vendor) {
		ProfitabilityReport report = this.reports
			.profitability(profitabilityQuery(days, product, vendor, ProfitabilityQuery.MAX_LIMIT));
		StringBuilder csv = new StringBuilder(
				"customer,events,revenue,subscription_revenue,promotional,bundled,unfunded,vendor_cost,margin,"
						+ "margin_percent\r\n");
		for (CustomerProfitability row : report.customers()) {
			csvLine(csv, row.customer(), row.line());
		}
		csvLine(csv, "TOTAL", report.totals());
		String name = "profitability-" + LocalDate.ofInstant(report.query().from(), ZoneOffset.UTC) + "-"
				+ LocalDate.ofInstant(report.query().to(), ZoneOffset.UTC) + ".csv";
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.body(csv.toString());
	}

	private ProfitabilityQuery profitabilityQuery(int days, @Nullable String product, @Nullable String vendor,
			int limit) {
		return ProfitabilityQuery.lastDays(days, this.clock)
			.product((product == null || product.isBlank()) ? null : product)
			.vendor((vendor == null || vendor.isBlank()) ? null : vendor)
			.limit(limit);
	}

	private static void csvLine(StringBuilder csv, String customer, ProfitabilityLine line) {
		csv.append(csvText(customer)).append(',').append(line.events());
		for (BigDecimal amount : List.of(line.revenue(), line.subscriptionRevenue(), line.promotional(), line.bundled(),
				line.unfunded(), line.cost(), line.margin())) {
			csv.append(',').append(amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString());
		}
		csv.append(',').append((line.marginPercent() != null) ? line.marginPercent().toPlainString() : "").append("\r\n");
	}

	private static String csvText(String text) {
		String safe = (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) ? "'" + text : text;
		return "\"" + safe.replace("\"", "\"\"") + "\"";
	}

	@GetMapping("/top-ups")
	String topUps(@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		PaymentStore payments = this.paymentStore.getIfAvailable();
		if (payments == null) {
			throw new NotFoundException("Top-up payments are not recorded by this application");
		}
		Page<PaymentRecord> topUps = payments.payments(null, pageRequest("page", page));
		model.addAttribute("section", "top-ups");
		model.addAttribute("topUps", topUps);
		model.addAttribute("pager", Pager.of(topUps, (number) -> this.links.topUps() + query(pageParam(number))));
		return VIEWS + "top-ups";
	}

	@GetMapping("/auto-top-ups/failing")
	String failingAutoTopUps(@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		AutoTopUps service = this.autoTopUps.getIfAvailable();
		if (service == null) {
			throw new NotFoundException("Auto top-up is not set up in this application");
		}
		Page<AutoTopUpStatus> failing = service.failing(pageRequest("page", page));
		model.addAttribute("section", "failing-auto-top-ups");
		model.addAttribute("failing", failing);
		model.addAttribute("pager",
				Pager.of(failing, (number) -> this.links.failingAutoTopUps() + query(pageParam(number))));
		return VIEWS + "failing-auto-top-ups";
	}

	// ------------------------------------------------------------------ operator actions
	// Each action is two requests: a GET that only reads and shows what will happen, with a fresh
	// idempotency key in its form, and the form's POST that does it (a double submit sends the same
	// key, so it happens once). POSTs need Spring Security's CSRF token.

	@GetMapping("/customers/{externalId}/refund")
	String confirmRefund(@PathVariable("externalId") String externalId, @RequestParam("charge") String charge,
			Model model) {
		adjustments();
		UsageRecord usage = this.ledger.usage(charge)
			.filter((record) -> record.customer().equals(externalId))
			.orElseThrow(() -> new UnknownChargeException(externalId, charge));
		Confirmation confirmation = new Confirmation("Refund a charge", "refund", externalId);
		confirmation.charges.add(usage);
		confirmation.hidden.put("charge", charge);
		confirmation.fact("Refund", this.format.money(usage.fee(), usage.asset()) + " back to the wallet"
				+ ((usage.entitledUnits().signum() > 0)
						? ", and " + this.format.quantity(usage.entitledUnits()) + " free units back to their allowance" : ""));
		return confirm(confirmation, model);
	}

	@PostMapping("/customers/{externalId}/refund")
	String refund(@PathVariable("externalId") String externalId, @RequestParam("charge") String charge,
			@RequestParam("key") String key, @RequestParam("reason") String reason, HttpServletRequest request,
			RedirectAttributes redirect) {
		ChargeRefunds refunds = adjustments().refundCharge(externalId, charge, operatorAction(key, reason, request));
		redirect.addFlashAttribute("notice", "Refunded " + refunds.refunded().size() + " charge"
				+ ((refunds.refunded().size() == 1) ? "" : "s") + ": " + refundTotals(refunds) + ".");
		return "redirect:" + customerPath(this.path, externalId);
	}

	@GetMapping("/customers/{externalId}/refund-last")
	String confirmRefundLast(@PathVariable("externalId") String externalId, @RequestParam("count") int count,
			Model model) {
		Adjustments service = adjustments();
		if (count < 1 || count > Adjustments.MAX_CHARGES) {
			throw new InvalidRequestException("count", "must be between 1 and " + Adjustments.MAX_CHARGES);
		}
		List<UsageRecord> charges = this.ledger.usage(externalId, PageRequest.of(0, count)).items();
		List<String> refunded = service.refunded(charges.stream().map(UsageRecord::id).toList());
		Confirmation confirmation = new Confirmation("Refund the last " + count + " charges", "refund-last",
				externalId);
		confirmation.charges.addAll(charges);
		confirmation.refunded.addAll(refunded);
		confirmation.hidden.put("count", Integer.toString(count));
		Map<String, BigDecimal> totals = new LinkedHashMap<>();
		for (UsageRecord charge : charges) {
			if (!refunded.contains(charge.id())) {
				totals.merge(charge.asset(), charge.fee(), BigDecimal::add);
			}
		}
		confirmation.fact("Charges to refund", Integer.toString(charges.size() - refunded.size()));
		confirmation.fact("Back to the wallet", feeTotals(totals));
		return confirm(confirmation, model);
	}

	@PostMapping("/customers/{externalId}/refund-last")
	String refundLast(@PathVariable("externalId") String externalId, @RequestParam("count") int count,
			@RequestParam("key") String key, @RequestParam("reason") String reason, HttpServletRequest request,
			RedirectAttributes redirect) {
		ChargeRefunds refunds = adjustments().refundLastCharges(externalId, count,
				operatorAction(key, reason, request));
		redirect.addFlashAttribute("notice", "Refunded " + refunds.refunded().size() + " of the last " + count
				+ " charges: " + refundTotals(refunds) + "."
				+ (refunds.alreadyRefunded().isEmpty() ? ""
						: " " + refunds.alreadyRefunded().size() + " had been refunded before."));
		return "redirect:" + customerPath(this.path, externalId);
	}

	@GetMapping("/customers/{externalId}/refund-top-up")
	String confirmRefundTopUp(@PathVariable("externalId") String externalId, @RequestParam("payment") String payment,
			@RequestParam(name = "amount", required = false) @Nullable String amount,
			@RequestParam(name = "overdraft", defaultValue = "false") boolean overdraft, Model model) {
		Adjustments service = adjustments();
		PaymentStore payments = this.paymentStore.getIfAvailable();
		PaymentRecord record = (payments != null) ? payments.find(payment).filter((found) -> found.customer().equals(externalId)).orElse(null) : null;
		if (record == null) {
			throw new UnknownPaymentException(externalId, payment);
		}
		BigDecimal left = service.refundable(externalId, payment);
		BigDecimal refund = (amount != null && !amount.isBlank()) ? Money.parse(amount, "amount") : left;
		Confirmation confirmation = new Confirmation("Refund a top-up to its card", "refund-top-up", externalId);
		confirmation.hidden.put("payment", payment);
		if (amount != null && !amount.isBlank()) {
			confirmation.hidden.put("amount", refund.toPlainString());
		}
		confirmation.hidden.put("overdraft", Boolean.toString(overdraft));
		confirmation.fact("Top-up", this.format.money(record.amount(), record.currency()) + " on "
				+ this.format.time(record.createdAt()));
		confirmation.fact("Left to refund", this.format.money(left, record.currency()));
		confirmation.fact("Refund to the card", this.format.money(refund, record.currency()));
		confirmation.fact("Taken out of the wallet", "the same value, paid value first");
		if (overdraft) {
			confirmation.warning = "If the wallet holds less, it goes below zero: its overdraft limit is raised to what the refund needs.";
		}
		return confirm(confirmation, model);
	}

	@PostMapping("/customers/{externalId}/refund-top-up")
	String refundTopUp(@PathVariable("externalId") String externalId, @RequestParam("payment") String payment,
			@RequestParam(name = "amount", required = false) @Nullable String amount,
			@RequestParam(name = "overdraft", defaultValue = "false") boolean overdraft, @RequestParam("key") String key,
			@RequestParam("reason") String reason, HttpServletRequest request, RedirectAttributes redirect) {
		BigDecimal refund = (amount != null && !amount.isBlank()) ? Money.parse(amount, "amount") : null;
		TopUpRefund result = adjustments().refundTopUp(externalId, payment, refund, overdraft,
				operatorAction(key, reason, request));
		redirect.addFlashAttribute("notice", switch (result.status()) {
			case SUCCEEDED -> "Refunded " + this.format.money(result.amount(), result.currency()) + " to the card.";
			case FAILED -> "The payment provider refused the refund: " + result.failureReason()
					+ " The wallet got the money back.";
			case PENDING -> "The refund is pending: the payment provider has not answered yet.";
		});
		return "redirect:" + customerPath(this.path, externalId);
	}

	@GetMapping("/customers/{externalId}/gift")
	String confirmGift(@PathVariable("externalId") String externalId, @RequestParam("asset") String asset,
			@RequestParam("amount") String amount,
			@RequestParam(name = "expiresInDays", required = false) @Nullable Integer expiresInDays, Model model) {
		adjustments();
		BigDecimal value = Money.parse(amount, "amount");
		Instant expiresAt = giftExpiry(expiresInDays);
		Confirmation confirmation = new Confirmation("Gift credits", "gift", externalId);
		confirmation.hidden.put("asset", this.ledger.catalog().asset(asset).code());
		confirmation.hidden.put("amount", value.toPlainString());
		if (expiresInDays != null) {
			confirmation.hidden.put("expiresInDays", expiresInDays.toString());
		}
		confirmation.fact("Gift", this.format.money(value, asset) + " of promotional credit");
		confirmation.fact("Expires", (expiresAt != null) ? this.format.time(expiresAt) : "Never");
		return confirm(confirmation, model);
	}

	@PostMapping("/customers/{externalId}/gift")
	String gift(@PathVariable("externalId") String externalId, @RequestParam("asset") String asset,
			@RequestParam("amount") String amount,
			@RequestParam(name = "expiresInDays", required = false) @Nullable Integer expiresInDays,
			@RequestParam("key") String key, @RequestParam("reason") String reason, HttpServletRequest request,
			RedirectAttributes redirect) {
		Adjustment gift = adjustments().gift(externalId, asset, Money.parse(amount, "amount"),
				giftExpiry(expiresInDays), operatorAction(key, reason, request));
		redirect.addFlashAttribute("notice", "Gave " + this.format.money(gift.amount(), gift.asset()) + " of credit.");
		return "redirect:" + customerPath(this.path, externalId);
	}

	@GetMapping("/customers/{externalId}/adjust")
	String confirmAdjust(@PathVariable("externalId") String externalId, @RequestParam("asset") String asset,
			@RequestParam("amount") String amount, Model model) {
		adjustments();
		BigDecimal value = Money.parse(amount, "amount");
		if (value.signum() == 0) {
			throw new InvalidRequestException("amount", "an adjustment must not be zero");
		}
		Confirmation confirmation = new Confirmation("Adjust the balance", "adjust", externalId);
		confirmation.hidden.put("asset", this.ledger.catalog().asset(asset).code());
		confirmation.hidden.put("amount", value.toPlainString());
		confirmation.fact((value.signum() > 0) ? "Add" : "Take",
				this.format.money(value.abs(), asset) + ((value.signum() > 0) ? " of paid value" : " from the wallet"));
		return confirm(confirmation, model);
	}

	@PostMapping("/customers/{externalId}/adjust")
	String adjust(@PathVariable("externalId") String externalId, @RequestParam("asset") String asset,
			@RequestParam("amount") String amount, @RequestParam("key") String key,
			@RequestParam("reason") String reason, HttpServletRequest request, RedirectAttributes redirect) {
		Adjustment adjustment = adjustments().correct(externalId, asset, Money.parse(amount, "amount"),
				operatorAction(key, reason, request));
		redirect.addFlashAttribute("notice",
				"Adjusted the balance by " + ((adjustment.amount().signum() > 0) ? "+" : "−")
						+ this.format.money(adjustment.amount().abs(), adjustment.asset()) + ".");
		return "redirect:" + customerPath(this.path, externalId);
	}

	private String confirm(Confirmation confirmation, Model model) {
		model.addAttribute("section", "customers");
		model.addAttribute("confirmation", confirmation);
		model.addAttribute("cancelUrl", customerPath(this.path, confirmation.customer));
		model.addAttribute("actionUrl", customerPath(this.path, confirmation.customer) + "/" + confirmation.action);
		model.addAttribute("key", UUID.randomUUID().toString());
		return VIEWS + "confirm";
	}

	private Adjustments adjustments() {
		Adjustments service = this.adjustments.getIfAvailable();
		if (service == null) {
			throw new NotFoundException("Refunds and adjustments are not available in this application");
		}
		return service;
	}

	/** The action as the signed-in operator; refused without Spring Security's CSRF token. */
	private static OperatorAction operatorAction(String key, String reason, HttpServletRequest request) {
		if (request.getAttribute(CSRF_TOKEN) == null) {
			throw new ActionNotProtectedException();
		}
		java.security.Principal principal = request.getUserPrincipal();
		if (principal == null) {
			throw new AdminAccessDeniedException();
		}
		return new OperatorAction(key, principal.getName(), reason.trim());
	}

	private @Nullable Instant giftExpiry(@Nullable Integer expiresInDays) {
		if (expiresInDays == null) {
			return null;
		}
		if (expiresInDays < 1 || expiresInDays > MAX_GIFT_DAYS) {
			throw new InvalidRequestException("expiresInDays", "must be between 1 and " + MAX_GIFT_DAYS);
		}
		return this.clock.instant().plus(Duration.ofDays(expiresInDays)).truncatedTo(ChronoUnit.SECONDS);
	}

	private String refundTotals(ChargeRefunds refunds) {
		Map<String, BigDecimal> totals = new LinkedHashMap<>();
		for (ChargeRefund refund : refunds.refunded()) {
			totals.merge(refund.asset(), refund.fee(), BigDecimal::add);
		}
		return feeTotals(totals);
	}

	/** Fees per asset as one text ("$0.75 + 10 credits"), zero in the list's asset when there are none. */
	private String feeTotals(Map<String, BigDecimal> totals) {
		if (totals.isEmpty()) {
			return this.format.money(BigDecimal.ZERO, this.asset);
		}
		return String.join(" + ",
				totals.entrySet().stream().map((total) -> this.format.money(total.getValue(), total.getKey())).toList());
	}

	@ExceptionHandler({ UnknownCustomerException.class, UnknownChargeException.class, UnknownPaymentException.class })
	ModelAndView unknown(CredytException ex, HttpServletRequest request) {
		return this.access.permits(request) ? problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage()) : forbidden();
	}

	@ExceptionHandler({ ChargeAlreadyRefundedException.class, ActionConflictException.class,
			InsufficientBalanceException.class })
	ModelAndView conflict(CredytException ex, HttpServletRequest request) {
		return this.access.permits(request) ? problem(HttpStatus.CONFLICT, "Not done", ex.getMessage()) : forbidden();
	}

	@ExceptionHandler(ActionNotProtectedException.class)
	ModelAndView unprotected(ActionNotProtectedException ex) {
		return problem(HttpStatus.FORBIDDEN, "Not protected", ex.getMessage());
	}

	/** What a confirmation page shows before an action, and what its form sends. */
	public static final class Confirmation {

		private final String title;

		private final String action;

		private final String customer;

		private final List<String[]> facts = new ArrayList<>();

		private final List<UsageRecord> charges = new ArrayList<>();

		private final List<String> refunded = new ArrayList<>();

		private final Map<String, String> hidden = new LinkedHashMap<>();

		private @Nullable String warning;

		Confirmation(String title, String action, String customer) {
			this.title = title;
			this.action = action;
			this.customer = customer;
		}

		void fact(String label, String value) {
			this.facts.add(new String[] { label, value });
		}

		public String title() {
			return this.title;
		}

		public String action() {
			return this.action;
		}

		public String customer() {
			return this.customer;
		}

		public List<String[]> facts() {
			return this.facts;
		}

		public List<UsageRecord> charges() {
			return this.charges;
		}

		public boolean refunded(String usageEventId) {
			return this.refunded.contains(usageEventId);
		}

		public Map<String, String> hidden() {
			return this.hidden;
		}

		public @Nullable String warning() {
			return this.warning;
		}

	}

	/** An action was posted without Spring Security's CSRF protection. */
	static final class ActionNotProtectedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ActionNotProtectedException() {
			super("Actions that change a wallet need Spring Security's CSRF protection on the dashboard's path");
		}

	}

	@ExceptionHandler(AdminAccessDeniedException.class)
	ModelAndView forbidden() {
		return problem(HttpStatus.FORBIDDEN, "Access denied",
				"This page is for billing administrators. Sign in with an account that has the billing role.");
	}

	@ExceptionHandler(NotFoundException.class)
	ModelAndView notFound(NotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
	}

	@ExceptionHandler({ InvalidRequestException.class, MethodArgumentTypeMismatchException.class })
	ModelAndView badRequest(Exception ex, HttpServletRequest request) {
		// argument errors can only come after the frame's access check passed, but say nothing
		// about the request to anyone the dashboard does not permit, whatever the order
		if (!this.access.permits(request)) {
			return forbidden();
		}
		String message = (ex instanceof MethodArgumentTypeMismatchException mismatch)
				? "'" + mismatch.getName() + "' must be a number" : ex.getMessage();
		return problem(HttpStatus.BAD_REQUEST, "Bad request", message);
	}

	private void requireAccess(HttpServletRequest request) {
		if (!this.access.permits(request)) {
			throw new AdminAccessDeniedException();
		}
	}

	private ModelAndView problem(HttpStatus status, String title, @Nullable String message) {
		ModelAndView view = new ModelAndView(VIEWS + "problem", status);
		view.addAllObjects(frameAttributes());
		view.addObject("status", status.value());
		view.addObject("title", title);
		view.addObject("message", message);
		view.addObject("section", "");
		return view;
	}

	Map<String, Object> frameAttributes() {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("fmt", this.format);
		attributes.put("links", this.links);
		TopUpPolicy policy = this.topUpPolicy.getIfAvailable();
		attributes.put("topUpAsset", (policy != null) ? policy.asset() : this.asset);
		attributes.put("topUpCurrency", (policy != null) ? policy.currency() : this.asset);
		attributes.put("listAsset", this.asset);
		attributes.put("hasTopUps", this.paymentStore.getIfAvailable() != null);
		attributes.put("hasAutoTopUps", this.autoTopUps.getIfAvailable() != null);
		attributes.put("hasWebhooks", this.webhooks.getIfAvailable() != null);
		attributes.put("hasSubscriptions", this.subscriptions.getIfAvailable() != null);
		return attributes;
	}

	private PageRequest pageRequest(String field, int number) {
		if (number < 1) {
			throw new InvalidRequestException(field, "pages are numbered from 1, was " + number);
		}
		return PageRequest.of(number - 1, this.pageSize);
	}

	private static boolean descending(String direction) {
		return switch (direction.toLowerCase(Locale.ROOT)) {
			case "desc" -> true;
			case "asc" -> false;
			default -> throw new InvalidRequestException("dir", "must be 'asc' or 'desc', was '" + direction + "'");
		};
	}

	private String customersUrl(@Nullable String search, CustomerSort sort, boolean descending, int page) {
		Map<String, String> params = new LinkedHashMap<>();
		if (search != null) {
			params.put("q", search);
		}
		params.put("sort", sort.parameter());
		params.put("dir", descending ? "desc" : "asc");
		params.putAll(pageParam(page));
		return this.path + query(params);
	}

	private String customerUrl(String externalId, int usagePage, int adjustmentPage, int topUpPage) {
		Map<String, String> params = new LinkedHashMap<>();
		if (usagePage > 1) {
			params.put("usagePage", Integer.toString(usagePage));
		}
		if (adjustmentPage > 1) {
			params.put("adjustmentPage", Integer.toString(adjustmentPage));
		}
		if (topUpPage > 1) {
			params.put("topUpPage", Integer.toString(topUpPage));
		}
		return customerPath(this.path, externalId) + query(params);
	}

	/**
	 * A customer's page, the external id encoded as one path segment.
	 * @param path the dashboard's path
	 * @param externalId the customer
	 * @return the page's path
	 */
	static String customerPath(String path, String externalId) {
		return path + "/customers/" + UriUtils.encodePathSegment(externalId, StandardCharsets.UTF_8);
	}

	private static Map<String, String> pageParam(int page) {
		return (page > 1) ? Map.of("page", Integer.toString(page)) : Map.of();
	}

	/** A query string, encoded as browsers encode forms, which is how servlet containers decode it. */
	private static String query(Map<String, String> params) {
		StringBuilder query = new StringBuilder();
		params.forEach((name, value) -> query.append(query.isEmpty() ? '?' : '&')
			.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return query.toString();
	}

	/**
	 * One account of the wallet section, with what was spent from it this month.
	 *
	 * @param account the account
	 * @param spendThisMonth usage fees charged in the account's asset this calendar month (UTC)
	 */
	public record WalletAccount(AccountBalance account, BigDecimal spendThisMonth) {
	}

	/**
	 * A customer's spend per day in one asset, with its chart.
	 *
	 * @param asset the asset the fees were charged in
	 * @param history the days and their totals, fees in the asset
	 * @param chart the chart, fees and vendor cost in the base currency
	 */
	public record SpendChart(String asset, SpendHistory history, DailyChart chart) {
	}

	/** The request's user may not see the dashboard. */
	static final class AdminAccessDeniedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		AdminAccessDeniedException() {
			super("The billing dashboard is for billing administrators only");
		}

	}

	/** What the request asked for does not exist. */
	static final class NotFoundException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotFoundException(String message) {
			super(message);
		}

	}

}

package io.credyt.autoconfigure.web.api;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.credyt.InvalidRequestException;
import io.credyt.annotation.CustomerRequiredException;
import io.credyt.annotation.CustomerResolver;
import io.credyt.autoconfigure.portal.PortalLinks;
import io.credyt.autoconfigure.web.BalanceView;
import io.credyt.autoconfigure.web.PlanView;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.Balance;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Onboarding;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Asset;
import io.credyt.money.Money;
import io.credyt.subscription.Subscriptions;

/**
 * The billing JSON API, at {@code credyt.web.api.path} ({@code /billing/api} by default), for
 * single-page and mobile clients:
 * <ul>
 * <li>{@code GET /balance}: the balance per asset and what is left of every product
 * ({@link ApiBalance});</li>
 * <li>{@code GET /usage?page=1&size=20}: the usage, newest first, pages from 1, at most
 * {@value #MAX_PAGE_SIZE} a page ({@link ApiUsagePage});</li>
 * <li>{@code GET /portal-link}: a fresh link to the billing portal ({@link ApiPortalLink}).</li>
 * </ul>
 * Every answer is about the customer the {@link CustomerResolver} names (the signed-in user with
 * Spring Security), the one {@code @Billable} bills: no request parameter names a customer, so no
 * request reaches another customer's data. With no customer, the answer is {@code 401} with a
 * problem detail ({@link CustomerRequiredException}); a page number below 1 or a size above
 * {@value #MAX_PAGE_SIZE} is {@code 400}. The paths are not opened by Credyt: the application's
 * security rules apply to them as to its own endpoints.
 */
@RestController
@RequestMapping("${credyt.web.api.path:/billing/api}")
public class BillingApiController {

	/** The largest page of usage one request may ask for. */
	public static final int MAX_PAGE_SIZE = 100;

	/** The problem type of a malformed API request. */
	public static final URI INVALID_REQUEST = URI.create("urn:credyt:problem:invalid-request");

	/** The problem type of a portal link asked for when the portal is not served. */
	public static final URI PORTAL_UNAVAILABLE = URI.create("urn:credyt:problem:portal-unavailable");

	private static final String INCLUDED = "Included";

	private final Ledger ledger;

	private final ObjectProvider<CustomerResolver> customerResolver;

	private final ObjectProvider<Onboarding> onboarding;

	private final ObjectProvider<PortalLinks> portalLinks;

	private final String displayAsset;

	private final String manageBillingUrl;

	private final Clock clock;

	private final ObjectProvider<Subscriptions> subscriptions;

	/**
	 * Creates the API.
	 * @param ledger the ledger
	 * @param customerResolver names the current customer
	 * @param onboarding prepares a new customer (free units at sign-up), if any
	 * @param portalLinks makes portal links, when the portal is served
	 * @param displayAsset the asset the balance is shown in
	 * @param manageBillingUrl where "Manage billing" goes
	 * @param clock the clock link expiry is stated by
	 */
	public BillingApiController(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
			ObjectProvider<Onboarding> onboarding, ObjectProvider<PortalLinks> portalLinks, String displayAsset,
			String manageBillingUrl, Clock clock) {
		this(ledger, customerResolver, onboarding, portalLinks, displayAsset, manageBillingUrl, clock,
				new org.springframework.beans.factory.support.StaticListableBeanFactory()
					.getBeanProvider(Subscriptions.class));
	}

	/**
	 * Creates the API.
	 * @param ledger the ledger
	 * @param customerResolver names the current customer
	 * @param onboarding prepares a new customer (free units at sign-up), if any
	 * @param portalLinks makes portal links, when the portal is served
	 * @param displayAsset the asset the balance is shown in
	 * @param manageBillingUrl where "Manage billing" goes
	 * @param clock the clock link expiry is stated by
	 * @param subscriptions the customers' plans, when the application declares any
	 */
	public BillingApiController(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
			ObjectProvider<Onboarding> onboarding, ObjectProvider<PortalLinks> portalLinks, String displayAsset,
			String manageBillingUrl, Clock clock, ObjectProvider<Subscriptions> subscriptions) {
		this.subscriptions = subscriptions;
		this.ledger = ledger;
		this.customerResolver = customerResolver;
		this.onboarding = onboarding;
		this.portalLinks = portalLinks;
		this.displayAsset = displayAsset;
		this.manageBillingUrl = manageBillingUrl;
		this.clock = clock;
	}

	/**
	 * The signed-in customer's balance. A customer seen for the first time is onboarded first, as
	 * on their first page, so their free units show.
	 * @return the balance
	 */
	@GetMapping("/balance")
	ResponseEntity<ApiBalance> balance() {
		String customer = currentCustomer();
		Onboarding onboard = this.onboarding.getIfAvailable();
		if (onboard != null) {
			onboard.onboard(customer);
		}
		Balance balance = this.ledger.balance(customer);
		Catalog catalog = this.ledger.catalog();
		Subscriptions subscriptions = this.subscriptions.getIfAvailable();
		BalanceView view = new BalanceView(customer, () -> balance, catalog, this.displayAsset, this.manageBillingUrl,
				null, (subscriptions != null) ? () -> subscriptions.subscription(customer).orElse(null) : null);
		Set<String> codes = new LinkedHashSet<>();
		codes.add(this.displayAsset);
		codes.addAll(balance.accounts().keySet());
		List<ApiAssetBalance> assets = new ArrayList<>();
		for (String code : codes) {
			Asset asset = catalog.asset(code);
			AccountBalance account = balance.accounts().get(code);
			BigDecimal zero = Money.zero();
			assets.add(new ApiAssetBalance(code, exact(view.available(code), asset),
					exact((account != null) ? account.posted() : zero, asset),
					exact((account != null) ? account.held() : zero, asset), view.format(code)));
		}
		List<ApiProductBalance> products = new ArrayList<>();
		for (Product product : catalog.products()) {
			String code = product.code();
			products.add(new ApiProductBalance(code, view.free(code), view.freeText(code), view.left(code),
					view.leftText(code)));
		}
		return privateAnswer(new ApiBalance(customer, view.getBalance(), assets, products, plan(view.getPlan())));
	}

	private static @Nullable ApiPlan plan(@Nullable PlanView plan) {
		if (plan == null) {
			return null;
		}
		List<ApiPlan.Included> included = plan.getAllowances()
			.stream()
			.map((allowance) -> new ApiPlan.Included(allowance.product(), allowance.left(), allowance.included()))
			.toList();
		return new ApiPlan(plan.getCode(), plan.getName(), plan.getStatus().name().toLowerCase(java.util.Locale.ROOT),
				plan.getText(), plan.getRenewsAt(), plan.getEndsAt(), included);
	}

	/**
	 * The signed-in customer's usage, newest first.
	 * @param page the page number, from 1
	 * @param size how many a page, 1 to {@value #MAX_PAGE_SIZE}
	 * @return the page
	 * @throws InvalidRequestException if the page or the size is out of bounds
	 */
	@GetMapping("/usage")
	ResponseEntity<ApiUsagePage> usage(@RequestParam(name = "page", defaultValue = "1") String page,
			@RequestParam(name = "size", defaultValue = "20") String size) {
		int pageNumber = whole("page", page, 1, Integer.MAX_VALUE);
		int pageSize = whole("size", size, 1, MAX_PAGE_SIZE);
		String customer = currentCustomer();
		Page<UsageRecord> usage = this.ledger.usage(customer, PageRequest.of(pageNumber - 1, pageSize));
		Catalog catalog = this.ledger.catalog();
		List<ApiUsage> items = usage.items().stream().map((record) -> usage(record, catalog)).toList();
		return privateAnswer(new ApiUsagePage(items, pageNumber, pageSize, usage.total(), usage.totalPages(),
				usage.hasNext()));
	}

	/**
	 * A fresh link that opens the billing portal for the signed-in customer.
	 * @return the link and when it stops working
	 */
	@GetMapping("/portal-link")
	ResponseEntity<?> portalLink() {
		String customer = currentCustomer();
		PortalLinks links = this.portalLinks.getIfAvailable();
		if (links == null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"The billing portal is not served by this application.");
			problem.setType(PORTAL_UNAVAILABLE);
			problem.setTitle("Billing portal unavailable");
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
		}
		// stated from before the link is made, so the link never stops working earlier than said
		Instant expiresAt = this.clock.instant().plus(links.ttl());
		// the link is a path and query, already encoded
		String url = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() + links.create(customer);
		return privateAnswer(new ApiPortalLink(url, expiresAt));
	}

	@ExceptionHandler(InvalidRequestException.class)
	ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setType(INVALID_REQUEST);
		problem.setTitle("Invalid request");
		problem.setProperty("field", ex.field());
		return ResponseEntity.badRequest().body(problem);
	}

	private String currentCustomer() {
		CustomerResolver resolver = this.customerResolver.getIfAvailable();
		@Nullable String customer = (resolver != null) ? resolver.currentCustomer() : null;
		if (customer == null || customer.isBlank()) {
			throw new CustomerRequiredException("the billing API");
		}
		return customer;
	}

	private static ApiUsage usage(UsageRecord record, Catalog catalog) {
		Asset asset = catalog.asset(record.asset());
		String feeDisplay = (record.fee().signum() == 0 && record.entitledUnits().signum() > 0) ? INCLUDED
				: asset.format(record.fee(), Money.PRICE_DISPLAY);
		return new ApiUsage(record.id(), record.product(), plain(record.quantity()), record.dimensions(),
				record.occurredAt(), record.asset(), exact(record.fee(), asset), feeDisplay,
				plain(record.entitledUnits()));
	}

	/** A whole number within bounds; the refusal never echoes the input, whatever its length. */
	private static int whole(String field, String value, int min, int max) {
		String range = (max == Integer.MAX_VALUE) ? "a whole number from " + min
				: "a whole number from " + min + " to " + max;
		if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(Character::isDigit)) {
			throw new InvalidRequestException(field, "must be " + range);
		}
		long number = Long.parseLong(value);
		if (number < min || number > max) {
			throw new InvalidRequestException(field, "must be " + range);
		}
		return (int) number;
	}

	/** The amount, exact, with at least the asset's display precision: {@code 4.50}, {@code 0.000003}. */
	private static String exact(BigDecimal amount, Asset asset) {
		BigDecimal stripped = amount.stripTrailingZeros();
		return amount.setScale(Math.max(asset.precision(), stripped.scale())).toPlainString();
	}

	/** The number without trailing zeros, in plain notation: {@code 1}, {@code 1000}, {@code 2.5}. */
	private static String plain(BigDecimal number) {
		BigDecimal stripped = number.stripTrailingZeros();
		return ((stripped.scale() < 0) ? stripped.setScale(0) : stripped).toPlainString();
	}

	/** The answer is one customer's: no shared cache may keep it. */
	private static <T> ResponseEntity<T> privateAnswer(T body) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

}

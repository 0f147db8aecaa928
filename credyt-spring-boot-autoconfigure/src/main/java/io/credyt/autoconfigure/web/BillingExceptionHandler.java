package io.credyt.autoconfigure.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.util.UriComponentsBuilder;

import io.credyt.CredytException;
import io.credyt.InvalidRequestException;
import io.credyt.adjust.ActionConflictException;
import io.credyt.adjust.ChargeAlreadyRefundedException;
import io.credyt.adjust.UnknownChargeException;
import io.credyt.adjust.UnknownPaymentException;
import io.credyt.annotation.CustomerRequiredException;
import io.credyt.annotation.UsageNotRecordedException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.InvalidDimensionException;
import io.credyt.catalog.UnknownAssetException;
import io.credyt.catalog.UnknownPlanException;
import io.credyt.catalog.UnknownProductException;
import io.credyt.ledger.IdempotencyConflictException;
import io.credyt.ledger.UnknownCustomerException;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.money.Money;
import io.credyt.subscription.SubscriptionStateException;
import io.credyt.subscription.UnknownSubscriptionException;

/**
 * Answers billing failures that reach Spring MVC:
 * <ul>
 * <li>{@link InsufficientBalanceException}: a browser asking for a page ({@code Accept} names
 * {@code text/html}) is redirected (303 See Other) to {@code credyt.web.top-up-url} with the
 * {@code product}, {@code asset} and {@code required} amount as query parameters, so the page can
 * say what was missing; any other client gets {@code 402 Payment Required} with an RFC 9457
 * problem detail whose properties are {@code product}, {@code asset}, {@code required} and
 * {@code available}.</li>
 * <li>{@link CustomerRequiredException}: {@code 401 Unauthorized} with a problem detail.</li>
 * <li>{@link UnknownProductException}, {@link UnknownAssetException},
 * {@link InvalidDimensionException} and {@link InvalidRequestException} (a quantity, an amount or
 * an id refused as it is): {@code 400 Bad Request}.</li>
 * <li>{@link IdempotencyConflictException}: {@code 409 Conflict}.</li>
 * <li>An operator's action ({@link io.credyt.adjust.Adjustments}) on something that does not exist
 * ({@link UnknownCustomerException}, {@link UnknownChargeException}, {@link UnknownPaymentException}):
 * {@code 404 Not Found}; on a charge refunded before ({@link ChargeAlreadyRefundedException}) or
 * with a key used for another action ({@link ActionConflictException}): {@code 409 Conflict}.</li>
 * <li>Plans and subscriptions: a plan the catalog does not declare ({@link UnknownPlanException}) or a
 * subscription the customer does not have ({@link UnknownSubscriptionException}): {@code 404 Not
 * Found}; a change the subscription's state does not allow ({@link SubscriptionStateException}:
 * subscribing while subscribed, reactivating one not cancelled): {@code 409 Conflict}.</li>
 * <li>{@link UsageNotRecordedException} (the method ran, but its usage could not be recorded: the
 * database went away, say): a server error, never a success. A page request is answered with
 * {@code 500} through the servlet container's error page (the application's error view); any other
 * client gets {@code 500} with a problem detail. Without this, Spring MVC takes a failure whose
 * cause chain ends in an {@code EOFException} (a dropped PostgreSQL connection) for a client that
 * went away, and answers {@code 200 OK} with an empty body.</li>
 * </ul>
 * Every problem detail (RFC 9457) has a stable {@code type} ({@code urn:credyt:problem:…}), a
 * title and a detail, and a {@code field} property naming the refused input where there is one.
 * What the client sent is quoted at most {@value Money#ECHOED} characters long.
 * It comes just before advice of the default (lowest) precedence, so that an application's
 * catch-all {@code @ExceptionHandler(Exception.class)} does not turn a balance that cannot pay into
 * a server error. An application that answers these exceptions itself declares its advice with a
 * higher precedence than {@link #ORDER}, or defines its own bean of this type.
 */
@ControllerAdvice
@Order(BillingExceptionHandler.ORDER)
public class BillingExceptionHandler {

	/** The order of this advice: just before advice of the default precedence. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	/** The problem type of a balance that cannot pay. */
	public static final URI INSUFFICIENT_BALANCE = URI.create("urn:credyt:problem:insufficient-balance");

	/** The problem type of a billable call with no customer. */
	public static final URI CUSTOMER_REQUIRED = URI.create("urn:credyt:problem:customer-required");

	/** The problem type of a product the catalog does not declare. */
	public static final URI UNKNOWN_PRODUCT = URI.create("urn:credyt:problem:unknown-product");

	/** The problem type of an asset the catalog does not declare. */
	public static final URI UNKNOWN_ASSET = URI.create("urn:credyt:problem:unknown-asset");

	/** The problem type of a dimension or dimension value the product does not allow. */
	public static final URI INVALID_DIMENSION = URI.create("urn:credyt:problem:invalid-dimension");

	/** The problem type of an input refused as it is (a quantity, an amount, an id). */
	public static final URI INVALID_REQUEST = URI.create("urn:credyt:problem:invalid-request");

	/** The problem type of a usage event id reused with another payload. */
	public static final URI IDEMPOTENCY_CONFLICT = URI.create("urn:credyt:problem:idempotency-conflict");

	/** The problem type of a customer, charge or payment an operator's action names that does not exist. */
	public static final URI NOT_FOUND = URI.create("urn:credyt:problem:not-found");

	/** The problem type of a charge refunded before. */
	public static final URI ALREADY_REFUNDED = URI.create("urn:credyt:problem:already-refunded");

	/** The problem type of an operator action's idempotency key used for another action. */
	public static final URI ACTION_CONFLICT = URI.create("urn:credyt:problem:action-conflict");

	/** The problem type of a plan the catalog does not declare. */
	public static final URI UNKNOWN_PLAN = URI.create("urn:credyt:problem:unknown-plan");

	/** The problem type of a subscription the customer does not have. */
	public static final URI UNKNOWN_SUBSCRIPTION = URI.create("urn:credyt:problem:unknown-subscription");

	/** The problem type of a subscription change its state does not allow. */
	public static final URI SUBSCRIPTION_STATE = URI.create("urn:credyt:problem:subscription-state");

	/** The longest detail: the library's messages are shorter, this is a guard. */
	private static final int MAX_DETAIL = 300;

	/** The problem type of a billable call whose usage could not be recorded. */
	public static final URI USAGE_NOT_RECORDED = URI.create("urn:credyt:problem:usage-not-recorded");

	private final @Nullable Catalog catalog;

	private final String topUpUrl;

	/**
	 * Creates the handler.
	 * @param catalog formats amounts in problem details, when there is one
	 * @param topUpUrl where page requests go when the balance cannot pay
	 */
	public BillingExceptionHandler(@Nullable Catalog catalog, String topUpUrl) {
		this.catalog = catalog;
		this.topUpUrl = topUpUrl;
	}

	/**
	 * Redirects a page request to the top-up page, or answers 402 with a problem detail.
	 * @param ex the exception
	 * @param request the request
	 * @return the redirect or the problem
	 */
	@ExceptionHandler(InsufficientBalanceException.class)
	public ResponseEntity<?> insufficientBalance(InsufficientBalanceException ex, NativeWebRequest request) {
		if (wantsPage(request)) {
			URI location = UriComponentsBuilder.fromUriString(contextRelative(this.topUpUrl, request))
				.queryParam("product", ex.product())
				.queryParam("asset", ex.asset())
				.queryParam("required", plain(ex.required()))
				.encode()
				.build()
				.toUri();
			return ResponseEntity.status(HttpStatus.SEE_OTHER).location(location).build();
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYMENT_REQUIRED,
				"The balance cannot pay for " + ex.product() + ": " + format(ex.required(), ex.asset())
						+ " required, " + format(ex.available(), ex.asset()) + " available.");
		problem.setType(INSUFFICIENT_BALANCE);
		problem.setTitle("Insufficient balance");
		problem.setProperty("product", ex.product());
		problem.setProperty("asset", ex.asset());
		problem.setProperty("required", plain(ex.required()));
		problem.setProperty("available", plain(ex.available()));
		return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).body(problem);
	}

	/**
	 * Answers 401 with a problem detail.
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler(CustomerRequiredException.class)
	public ResponseEntity<ProblemDetail> customerRequired(CustomerRequiredException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"Sign in to use this paid feature: there is no customer to bill.");
		problem.setType(CUSTOMER_REQUIRED);
		problem.setTitle("Customer required");
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
	}

	/**
	 * Answers 400 with a problem detail naming the product.
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler(UnknownProductException.class)
	public ResponseEntity<ProblemDetail> unknownProduct(UnknownProductException ex) {
		ProblemDetail problem = badRequest(UNKNOWN_PRODUCT, "Unknown product",
				"There is no product '" + Money.echo(ex.product()) + "'.", "product");
		problem.setProperty("product", Money.echo(ex.product()));
		return ResponseEntity.badRequest().body(problem);
	}

	/**
	 * Answers 400 with a problem detail naming the asset.
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler(UnknownAssetException.class)
	public ResponseEntity<ProblemDetail> unknownAsset(UnknownAssetException ex) {
		ProblemDetail problem = badRequest(UNKNOWN_ASSET, "Unknown asset",
				"There is no asset '" + Money.echo(ex.asset()) + "'.", "asset");
		problem.setProperty("asset", Money.echo(ex.asset()));
		return ResponseEntity.badRequest().body(problem);
	}

	/**
	 * Answers 400 with a problem detail naming the product, the dimension and its value.
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler(InvalidDimensionException.class)
	public ResponseEntity<ProblemDetail> invalidDimension(InvalidDimensionException ex) {
		ProblemDetail problem = badRequest(INVALID_DIMENSION, "Invalid dimension", detail(ex.getMessage()),
				"dimensions." + Money.echo(ex.dimension()));
		problem.setProperty("product", ex.product());
		problem.setProperty("dimension", Money.echo(ex.dimension()));
		if (ex.value() != null) {
			problem.setProperty("value", Money.echo(ex.value()));
		}
		return ResponseEntity.badRequest().body(problem);
	}

	/**
	 * Answers 400 with a problem detail naming the refused input.
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler(InvalidRequestException.class)
	public ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException ex) {
		return ResponseEntity.badRequest()
			.body(badRequest(INVALID_REQUEST, "Invalid request", detail(ex.getMessage()), ex.field()));
	}

	/**
	 * Answers 409 with a problem detail naming the usage event.
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler(IdempotencyConflictException.class)
	public ResponseEntity<ProblemDetail> idempotencyConflict(IdempotencyConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Usage event '"
				+ Money.echo(ex.eventId()) + "' was billed already with another customer, product, quantity or "
				+ "dimensions; nothing was charged for this request.");
		problem.setType(IDEMPOTENCY_CONFLICT);
		problem.setTitle("Idempotency conflict");
		problem.setProperty("field", "idempotencyKey");
		problem.setProperty("eventId", Money.echo(ex.eventId()));
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	/**
	 * Answers 404 for an operator's action on a customer, charge or payment that does not exist
	 * (or is another customer's).
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler({ UnknownCustomerException.class, UnknownChargeException.class, UnknownPaymentException.class })
	public ResponseEntity<ProblemDetail> notFound(CredytException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail(ex.getMessage()));
		problem.setType(NOT_FOUND);
		problem.setTitle("Not found");
		problem.setProperty("field", (ex instanceof UnknownChargeException) ? "usageEventId"
				: (ex instanceof UnknownPaymentException) ? "paymentId" : "customer");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

	/**
	 * Answers 409 for a charge refunded before, or an action's key used for another action.
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler({ ChargeAlreadyRefundedException.class, ActionConflictException.class })
	public ResponseEntity<ProblemDetail> actionConflict(CredytException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail(ex.getMessage()));
		if (ex instanceof ChargeAlreadyRefundedException refunded) {
			problem.setType(ALREADY_REFUNDED);
			problem.setTitle("Already refunded");
			problem.setProperty("field", "usageEventId");
			problem.setProperty("eventId", Money.echo(refunded.usageEventId()));
		}
		else {
			problem.setType(ACTION_CONFLICT);
			problem.setTitle("Idempotency conflict");
			problem.setProperty("field", "idempotencyKey");
		}
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	/**
	 * Answers 404 with a problem detail naming the plan.
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler(UnknownPlanException.class)
	public ResponseEntity<ProblemDetail> unknownPlan(UnknownPlanException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"There is no plan '" + Money.echo(ex.plan()) + "'.");
		problem.setType(UNKNOWN_PLAN);
		problem.setTitle("Unknown plan");
		problem.setProperty("field", "plan");
		problem.setProperty("plan", Money.echo(ex.plan()));
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

	/**
	 * Answers 404 for a subscription the customer does not have (another customer's gets the
	 * same answer).
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler(UnknownSubscriptionException.class)
	public ResponseEntity<ProblemDetail> unknownSubscription(UnknownSubscriptionException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail(ex.getMessage()));
		problem.setType(UNKNOWN_SUBSCRIPTION);
		problem.setTitle("Unknown subscription");
		problem.setProperty("field", "subscriptionId");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

	/**
	 * Answers 409 for a change the subscription's state does not allow, with that state.
	 * @param ex the exception
	 * @return the problem
	 */
	@ExceptionHandler(SubscriptionStateException.class)
	public ResponseEntity<ProblemDetail> subscriptionState(SubscriptionStateException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail(ex.getMessage()));
		problem.setType(SUBSCRIPTION_STATE);
		problem.setTitle("Subscription state conflict");
		problem.setProperty("subscriptionStatus", ex.status().name());
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	private static ProblemDetail badRequest(URI type, String title, String detail, String field) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(type);
		problem.setTitle(title);
		problem.setProperty("field", field);
		return problem;
	}

	/** A message as a problem's detail, cut short should it ever be long. */
	private static String detail(@Nullable String message) {
		String text = String.valueOf(message);
		return (text.length() <= MAX_DETAIL) ? text : text.substring(0, MAX_DETAIL) + "…";
	}

	/**
	 * Answers a page request with the error page ({@code 500}), any other with a {@code 500}
	 * problem detail. The interceptor has logged the failure at WARN with its cause.
	 * @param ex the exception
	 * @param request the request
	 * @return the problem, or {@code null} when the error page answers
	 * @throws IOException if the error page cannot be asked for
	 */
	@ExceptionHandler(UsageNotRecordedException.class)
	public @Nullable ResponseEntity<ProblemDetail> usageNotRecorded(UsageNotRecordedException ex,
			NativeWebRequest request) throws IOException {
		HttpServletResponse response = request.getNativeResponse(HttpServletResponse.class);
		if (wantsPage(request) && response != null) {
			response.sendError(HttpStatus.INTERNAL_SERVER_ERROR.value(), "Billing failed");
			return null;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"Billing for " + ex.product() + " failed: its usage could not be recorded.");
		problem.setType(USAGE_NOT_RECORDED);
		problem.setTitle("Usage not recorded");
		problem.setProperty("product", ex.product());
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
	}

	/** Whether the client asked for an HTML page by name; {@code *}{@code /*} alone is not enough. */
	private static boolean wantsPage(NativeWebRequest request) {
		String[] accept = request.getHeaderValues(HttpHeaders.ACCEPT);
		if (accept == null) {
			return false;
		}
		for (String header : accept) {
			try {
				List<MediaType> types = MediaType.parseMediaTypes(header);
				if (types.stream().anyMatch(MediaType.TEXT_HTML::includes)) {
					return true;
				}
			}
			catch (InvalidMediaTypeException ex) {
				// a malformed Accept header names no page
			}
		}
		return false;
	}

	private static String contextRelative(String url, NativeWebRequest request) {
		if (url.startsWith("/") && !url.startsWith("//")) {
			String contextPath = request.getContextPath();
			return (contextPath != null) ? contextPath + url : url;
		}
		return url;
	}

	private String format(BigDecimal amount, String asset) {
		if (this.catalog != null) {
			try {
				return this.catalog.asset(asset).format(amount, Money.PRICE_DISPLAY);
			}
			catch (UnknownAssetException ex) {
				// fall back to the plain amount
			}
		}
		return plain(amount).toPlainString() + " " + asset;
	}

	/** The amount without trailing zeros, in plain notation: 0.4, 40, 0.000003. */
	private static BigDecimal plain(BigDecimal amount) {
		return new BigDecimal(amount.stripTrailingZeros().toPlainString());
	}

}

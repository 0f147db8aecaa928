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

import io.credyt.annotation.CustomerRequiredException;
import io.credyt.annotation.UsageNotRecordedException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.UnknownAssetException;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.money.Money;

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
 * <li>{@link UsageNotRecordedException} (the method ran, but its usage could not be recorded: the
 * database went away, say): a server error, never a success. A page request is answered with
 * {@code 500} through the servlet container's error page (the application's error view); any other
 * client gets {@code 500} with a problem detail. Without this, Spring MVC takes a failure whose
 * cause chain ends in an {@code EOFException} (a dropped PostgreSQL connection) for a client that
 * went away, and answers {@code 200 OK} with an empty body.</li>
 * </ul>
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

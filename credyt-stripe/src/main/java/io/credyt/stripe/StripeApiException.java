package io.credyt.stripe;

import com.stripe.exception.StripeException;
import io.credyt.CredytException;
import org.jspecify.annotations.Nullable;

/**
 * A Stripe API call that failed for a reason other than a card decline: Stripe unreachable, a bad
 * key, an invalid request, a rate limit. A decline is not an exception, nor is a refund Stripe
 * refuses (already refunded, more than is left): each is a
 * {@link io.credyt.payment.PaymentStatus#FAILED FAILED} outcome.
 */
public class StripeApiException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Integer statusCode;

	private final @Nullable String code;

	private final @Nullable String requestId;

	public StripeApiException(String operation, StripeException cause) {
		super("Stripe " + operation + " failed: " + cause.getMessage(), cause);
		this.statusCode = cause.getStatusCode();
		this.code = cause.getCode();
		this.requestId = cause.getRequestId();
	}

	/** @return the HTTP status Stripe answered with, or {@code null} when it was not reached */
	public @Nullable Integer statusCode() {
		return this.statusCode;
	}

	/** @return Stripe's error code (e.g. {@code resource_missing}), or {@code null} */
	public @Nullable String code() {
		return this.code;
	}

	/** @return Stripe's request id, to quote to Stripe support, or {@code null} */
	public @Nullable String requestId() {
		return this.requestId;
	}

}

package io.credyt.payment;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A top-up payment as the application's database remembers it: started, then succeeded (and
 * credited once) or failed with a reason. The portal and the dashboard list these; the ledger
 * holds the credit itself.
 *
 * @param id the checkout session id, or the off-session charge's idempotency key
 * @param customer the customer's external id
 * @param kind a checkout or an auto top-up
 * @param provider the payment provider's name ({@code stripe}, {@code test})
 * @param status where it stands
 * @param amount the amount, in major units of {@code currency}
 * @param currency the currency code
 * @param paymentReference the provider's payment id once paid, or {@code null}
 * @param failureReason why it failed, or {@code null}
 * @param createdAt when it was started
 * @param updatedAt when its status last changed
 */
public record PaymentRecord(String id, String customer, PaymentKind kind, String provider, PaymentStatus status,
		BigDecimal amount, String currency, @Nullable String paymentReference, @Nullable String failureReason,
		Instant createdAt, Instant updatedAt) {

	/** How many characters of a failure reason are kept; a longer reason is cut to this length. */
	public static final int MAX_FAILURE_REASON_LENGTH = 1024;

	/**
	 * A failure reason as it is kept: the provider's words, whole unless longer than
	 * {@link #MAX_FAILURE_REASON_LENGTH} characters.
	 * @param reason why a payment failed
	 * @return the reason, cut to the length kept
	 */
	public static String keptFailureReason(String reason) {
		return (reason.length() > MAX_FAILURE_REASON_LENGTH) ? reason.substring(0, MAX_FAILURE_REASON_LENGTH) : reason;
	}

}

package io.credyt.adjust;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Money of a top-up sent back to the card it was paid with, and taken out of the wallet.
 *
 * @param id the refund's id
 * @param customer the customer's external id
 * @param paymentId the top-up payment (its checkout session id, or an auto top-up's key)
 * @param amount what goes back to the card, in major units of {@code currency}
 * @param currency the payment's currency
 * @param asset the wallet's asset the top-up credited
 * @param debited what was taken out of the wallet, in {@code asset}
 * @param overdraftLimit the account's overdraft limit after the refund: raised when the operator
 * accepted an overdraft to refund more than the wallet held, else unchanged
 * @param status {@link Status#PENDING} while the provider has not answered,
 * {@link Status#SUCCEEDED} once it took the refund, {@link Status#FAILED} when it refused it (the
 * wallet got the money back)
 * @param providerReference the provider's refund id (a Stripe {@code re_…}), once known
 * @param failureReason why the provider refused it, or {@code null}
 * @param operator who refunded it
 * @param reason why
 * @param createdAt when
 * @param replayed whether this is the answer of an earlier call with the same idempotency key
 */
public record TopUpRefund(UUID id, String customer, String paymentId, BigDecimal amount, String currency, String asset,
		BigDecimal debited, BigDecimal overdraftLimit, Status status, @Nullable String providerReference,
		@Nullable String failureReason, String operator, String reason, Instant createdAt, boolean replayed) {

	/** Where a top-up refund stands. */
	public enum Status {

		/** The wallet is debited; the provider has not answered yet. */
		PENDING,

		/** The provider took the refund: the money is on its way back to the card. */
		SUCCEEDED,

		/** The provider refused it; the wallet was credited back. */
		FAILED

	}

}

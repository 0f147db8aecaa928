package io.credyt.payment;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

import io.credyt.ledger.TopUp;

/**
 * What completing a top-up payment did: credited (once, however often it is completed), or still
 * pending at the provider. A failed payment is a {@link PaymentDeclinedException} instead.
 *
 * @param customer the customer's external id
 * @param status {@link PaymentStatus#SUCCEEDED} when credited, {@link PaymentStatus#PENDING}
 * otherwise
 * @param paymentReference the provider's payment id, the credit's idempotency key; {@code null}
 * while pending
 * @param paid the amount paid, in major units of {@code currency}
 * @param currency the currency paid in
 * @param topUp the credit in the ledger (the same one on every completion); {@code null} while
 * pending
 * @param savedPaymentMethod the card saved for auto top-up, or {@code null}
 */
public record TopUpResult(String customer, PaymentStatus status, @Nullable String paymentReference, BigDecimal paid,
		String currency, @Nullable TopUp topUp, @Nullable String savedPaymentMethod) {

	static TopUpResult credited(PaymentOutcome outcome, TopUp topUp) {
		return new TopUpResult(outcome.customer(), PaymentStatus.SUCCEEDED, outcome.paymentReference(),
				outcome.amount(), outcome.currency(), topUp, outcome.savedPaymentMethod());
	}

	static TopUpResult pending(PaymentOutcome outcome) {
		return new TopUpResult(outcome.customer(), PaymentStatus.PENDING, null, outcome.amount(), outcome.currency(),
				null, outcome.savedPaymentMethod());
	}

	/**
	 * Whether the payment has been credited.
	 * @return whether {@link #topUp()} is present
	 */
	public boolean isCredited() {
		return this.topUp != null;
	}

}

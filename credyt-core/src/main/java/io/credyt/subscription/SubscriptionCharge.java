package io.credyt.subscription;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A fee collected for one period of a subscription: at most one per subscription and period
 * start, so a renewal is charged once however many instances race it.
 *
 * @param id the charge's id
 * @param subscriptionId the subscription
 * @param customer the customer's external id
 * @param plan the plan the fee is for
 * @param kind the first fee, a renewal or an upgrade
 * @param periodStart the start of the period it pays for
 * @param periodEnd that period's end
 * @param amount the fee, in {@code currency}
 * @param currency the currency
 * @param source paid from the wallet or by card
 * @param paymentReference the provider's payment id for a card payment, or {@code null}
 * @param revenue the part of the fee that is revenue: all of a card payment, the paid value a
 * wallet payment took (promotional value it took is not)
 * @param createdAt when it was collected
 */
public record SubscriptionCharge(UUID id, UUID subscriptionId, String customer, String plan, Kind kind,
		Instant periodStart, Instant periodEnd, BigDecimal amount, String currency, FeeSource source,
		@Nullable String paymentReference, BigDecimal revenue, Instant createdAt) {

	/** Why a fee was collected. */
	public enum Kind {

		/** The first period's fee. */
		FIRST,

		/** A period's fee at renewal. */
		RENEWAL,

		/** The new plan's fee when upgrading mid-period. */
		UPGRADE

	}

}

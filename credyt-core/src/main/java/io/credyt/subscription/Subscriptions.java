package io.credyt.subscription;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.catalog.SubscriptionPlan;
import io.credyt.catalog.UnknownPlanException;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.Checkout;
import io.credyt.payment.PaymentDeclinedException;
import io.credyt.payment.UnknownCheckoutSessionException;

/**
 * Plans and subscriptions: subscribing (paid from the wallet or at a checkout), renewals at each
 * period's end (charged once per period across instances, retried on a schedule when the fee
 * cannot be collected, then cancelled), upgrades at once with the unused part of the current fee
 * credited to the wallet, downgrades and cancellations at the period's end, reactivation.
 * <p>
 * A subscription is active only once its fee is paid; its plan's allowance is granted then, for
 * the period, and lapses at the period's end. While it is active, the ledger prices the plan's
 * products at the plan's prices. Every change that a customer asks for takes an idempotency key:
 * the same key again answers as the first time and changes nothing more.
 */
public interface Subscriptions {

	/** How the references of plan allowances start: {@code subscription:<id>:<period start in microseconds>:<product>}. */
	String ALLOWANCE_PREFIX = "subscription:";

	/**
	 * The reference of the entitlement that holds a period's allowance of a product.
	 * @param subscriptionId the subscription
	 * @param periodStart the period's start
	 * @param product the product code
	 * @return the reference
	 */
	static String allowanceReference(UUID subscriptionId, java.time.Instant periodStart, String product) {
		return ALLOWANCE_PREFIX + subscriptionId + ":"
				+ java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, periodStart) + ":" + product;
	}

	/**
	 * Whether an entitlement's reference names an allowance of this subscription.
	 * @param reference the entitlement's reference, or {@code null}
	 * @param subscriptionId the subscription
	 * @return whether it is one of the subscription's allowances
	 */
	static boolean isAllowanceOf(@Nullable String reference, UUID subscriptionId) {
		return reference != null && reference.startsWith(ALLOWANCE_PREFIX + subscriptionId + ":");
	}

	/**
	 * The plans customers may subscribe to, in declared order.
	 * @return the plans
	 */
	List<SubscriptionPlan> plans();

	/**
	 * One of the plans customers may subscribe to.
	 * @param code the plan code, or {@code null}
	 * @return the plan, empty if none of {@link #plans()} has that code
	 */
	default Optional<SubscriptionPlan> plan(@Nullable String code) {
		return plans().stream().filter((plan) -> plan.code().equals(code)).findFirst();
	}

	/**
	 * The customer's current subscription: the one not cancelled, else the last that ended.
	 * @param customer the customer's external id
	 * @return the subscription, empty if the customer never subscribed
	 */
	Optional<Subscription> subscription(String customer);

	/**
	 * Subscribes paying the first fee from the wallet: active at once, with the period's allowance.
	 * @param customer the customer's external id
	 * @param plan the plan code
	 * @param idempotencyKey identifies this request across retries
	 * @return the active subscription
	 * @throws UnknownPlanException if no such plan is declared
	 * @throws SubscriptionStateException if the customer has a subscription that has not ended
	 * @throws InsufficientBalanceException if the wallet cannot pay the fee (nothing is written)
	 */
	Subscription subscribeWithWallet(String customer, String plan, String idempotencyKey);

	/**
	 * Subscribes paying the first fee at a hosted checkout, which saves the card for renewals. The
	 * subscription is {@link SubscriptionStatus#INCOMPLETE} until {@link #completeCheckout} finds
	 * the payment made.
	 * @param customer the customer's external id
	 * @param plan the plan code
	 * @param successUrl where the provider sends the customer after paying
	 * @param cancelUrl where the provider sends the customer after giving up
	 * @param idempotencyKey identifies this request across retries: the same key gets the same
	 * checkout
	 * @return the checkout to send the customer to
	 * @throws UnknownPlanException if no such plan is declared
	 * @throws SubscriptionStateException if the customer has a subscription that has not ended
	 */
	Checkout startCheckout(String customer, String plan, String successUrl, String cancelUrl, String idempotencyKey);

	/**
	 * Activates the subscription a checkout was started for, once its payment has succeeded: at
	 * most once, however many times it is called (the customer's return, a webhook).
	 * @param sessionId the checkout session
	 * @return the subscription: active, or still incomplete while the payment is processing
	 * @throws UnknownCheckoutSessionException if no subscription was started at that checkout
	 * @throws PaymentDeclinedException if the payment failed
	 */
	Subscription completeCheckout(String sessionId);

	/**
	 * Whether a checkout session was started for a subscription (and so is no top-up).
	 * @param sessionId the checkout session
	 * @return whether it is a subscription's
	 */
	boolean isSubscriptionCheckout(String sessionId);

	/**
	 * Moves to another plan. A plan with a higher fee takes effect at once: the unused part of the
	 * current period's fee (prorated by time) is credited to the wallet, the new fee is charged the
	 * way the subscription pays, and a new period starts with the new plan's allowance. A plan with
	 * the same or a lower fee takes effect at the period's end.
	 * @param customer the customer's external id
	 * @param subscriptionId the subscription to change, which must be the customer's
	 * @param plan the new plan code
	 * @param idempotencyKey identifies this request across retries
	 * @return the subscription afterwards
	 * @throws UnknownSubscriptionException if the customer has no such subscription
	 * @throws SubscriptionStateException if it is not active, or already on that plan
	 * @throws InsufficientBalanceException if the wallet cannot pay an upgrade (nothing is written)
	 * @throws PaymentDeclinedException if the card was declined for an upgrade (nothing is written)
	 */
	Subscription changePlan(String customer, UUID subscriptionId, String plan, String idempotencyKey);

	/**
	 * Cancels at the period's end: the plan stays until then, and nothing more is charged.
	 * @param customer the customer's external id
	 * @param subscriptionId the subscription, which must be the customer's
	 * @param idempotencyKey identifies this request across retries
	 * @return the subscription afterwards; one not yet paid for (incomplete) or past due ends at once
	 * @throws UnknownSubscriptionException if the customer has no such subscription
	 * @throws SubscriptionStateException if it has ended
	 */
	Subscription cancel(String customer, UUID subscriptionId, String idempotencyKey);

	/**
	 * Undoes a cancellation (and a scheduled downgrade) before the period's end.
	 * @param customer the customer's external id
	 * @param subscriptionId the subscription, which must be the customer's
	 * @param idempotencyKey identifies this request across retries
	 * @return the subscription afterwards
	 * @throws UnknownSubscriptionException if the customer has no such subscription
	 * @throws SubscriptionStateException if it is not active
	 */
	Subscription reactivate(String customer, UUID subscriptionId, String idempotencyKey);

	/**
	 * Renews the subscriptions whose period has ended, and retries the past-due ones whose next
	 * attempt is due: each one at most once per period across threads and instances. Safe to call
	 * from every instance on a timer.
	 * @param limit the most subscriptions to handle in this call
	 * @return how many were handled (renewed, retried, cancelled or ended)
	 */
	int renewDue(int limit);

	/**
	 * The fees a customer's subscriptions collected, newest first.
	 * @param customer the customer's external id
	 * @return the charges
	 */
	List<SubscriptionCharge> charges(String customer);

	/**
	 * Subscriptions, most recently changed first.
	 * @param status only those in this status, or {@code null} for all
	 * @param page which page
	 * @return the page
	 */
	Page<Subscription> subscriptions(@Nullable SubscriptionStatus status, PageRequest page);

	/**
	 * Counts by status and the monthly recurring revenue.
	 * @return the summary
	 */
	SubscriptionSummary summary();

}

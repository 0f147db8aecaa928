package io.credyt.adjust;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.credyt.ledger.Adjustment;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UnknownCustomerException;

/**
 * What an operator does to a customer's wallet, from Java, the dashboard or an agent: refund
 * charges, refund a top-up to its card, gift credits, correct a balance.
 *
 * <p>
 * Every action is idempotent by its {@link OperatorAction#idempotencyKey()}: the same key again
 * returns the first result and changes nothing more; the same key for another action fails with
 * {@link ActionConflictException}. Every action records who did it and why, and adds to the
 * history (adjustments, ledger entries) without rewriting any of it. Bad input (an unknown
 * customer or charge, another customer's charge, an amount that is negative, absurd or above
 * what can be refunded) gets a typed error and writes nothing. A charge is refunded at most
 * once, however many operators click at once.
 */
public interface Adjustments {

	/** The most charges one action refunds. */
	int MAX_CHARGES = 100;

	/**
	 * Refunds one charge: its fee goes back to the wallet as the kinds of value that paid it, its
	 * entitlement units back to their allowance (when that period is still running).
	 * @param customer the customer's external id
	 * @param usageEventId the charge (its usage event id)
	 * @param action who, why, and the idempotency key
	 * @return the refund
	 * @throws UnknownCustomerException if the customer is unknown
	 * @throws UnknownChargeException if the customer has no such charge
	 * @throws ChargeAlreadyRefundedException if the charge was refunded before
	 * @throws ActionConflictException if the key was used for another action
	 */
	ChargeRefunds refundCharge(String customer, String usageEventId, OperatorAction action);

	/**
	 * Refunds the customer's last {@code count} charges (their most recent usage events); those an
	 * earlier action refunded are left alone and listed as such.
	 * @param customer the customer's external id
	 * @param count how many of the latest charges, 1 to {@value #MAX_CHARGES}
	 * @param action who, why, and the idempotency key
	 * @return the refunds
	 * @throws UnknownCustomerException if the customer is unknown
	 * @throws ActionConflictException if the key was used for another action
	 */
	ChargeRefunds refundLastCharges(String customer, int count, OperatorAction action);

	/**
	 * Sends money of a paid top-up back to its card through the payment provider, taking it out
	 * of the wallet first (paid value first). The wallet must still hold it, unless the operator
	 * accepts an overdraft: then the account's overdraft limit is raised to what the refund needs.
	 * When the provider refuses, the wallet gets the money back and the refund is
	 * {@link TopUpRefund.Status#FAILED}.
	 * @param customer the customer's external id
	 * @param paymentId the top-up payment's id (as the dashboard lists it)
	 * @param amount how much, in the payment's currency; {@code null} for all that is left to
	 * refund
	 * @param acceptOverdraft whether to refund more than the wallet holds
	 * @param action who, why, and the idempotency key
	 * @return the refund
	 * @throws UnknownPaymentException if the customer has no such paid top-up
	 * @throws InsufficientBalanceException if the wallet holds less and no overdraft is accepted
	 * @throws io.credyt.InvalidRequestException if the amount is not positive, too precise, or
	 * more than is left to refund
	 */
	TopUpRefund refundTopUp(String customer, String paymentId, @Nullable BigDecimal amount, boolean acceptOverdraft,
			OperatorAction action);

	/**
	 * Gives free value: a promotional grant, optionally expiring.
	 * @param customer the customer's external id
	 * @param asset the asset code
	 * @param amount how much, positive
	 * @param expiresAt when what is left of it expires, or {@code null} for never
	 * @param action who, why, and the idempotency key
	 * @return the adjustment, with the grant it created
	 */
	Adjustment gift(String customer, String asset, BigDecimal amount, @Nullable Instant expiresAt,
			OperatorAction action);

	/**
	 * Corrects a balance by a signed amount: positive adds paid value, negative takes value (in the
	 * usual consumption order) and is refused when the wallet cannot cover it.
	 * @param customer the customer's external id
	 * @param asset the asset code
	 * @param amount the signed amount, not zero
	 * @param action who, why, and the idempotency key
	 * @return the adjustment
	 * @throws InsufficientBalanceException if a negative correction cannot be covered
	 */
	Adjustment correct(String customer, String asset, BigDecimal amount, OperatorAction action);

	/**
	 * The refund of a charge, if it was refunded.
	 * @param usageEventId the charge
	 * @return the refund
	 */
	Optional<ChargeRefund> refundOf(String usageEventId);

	/**
	 * Which of these charges were refunded.
	 * @param usageEventIds the charges
	 * @return the refunded ones among them
	 */
	List<String> refunded(List<String> usageEventIds);

	/**
	 * A customer's refunded charges, newest first.
	 * @param customer the customer's external id
	 * @param page which page
	 * @return the page (empty for an unknown customer)
	 */
	Page<ChargeRefund> chargeRefunds(String customer, PageRequest page);

	/**
	 * A customer's top-up refunds, newest first.
	 * @param customer the customer's external id
	 * @param page which page
	 * @return the page (empty for an unknown customer)
	 */
	Page<TopUpRefund> topUpRefunds(String customer, PageRequest page);

	/**
	 * What is left to refund of a paid top-up: its amount less what refunds that did not fail took.
	 * @param customer the customer's external id
	 * @param paymentId the payment
	 * @return the amount, in the payment's currency
	 * @throws UnknownPaymentException if the customer has no such paid top-up
	 */
	BigDecimal refundable(String customer, String paymentId);

}

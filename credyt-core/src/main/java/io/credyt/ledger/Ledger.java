package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.credyt.catalog.Catalog;

/**
 * The billing engine. Every method is one short transaction of its own (it does not join the
 * caller's), so a charge survives the caller's rollback and a failed call leaves nothing behind.
 * Bad input raises a typed {@link io.credyt.CredytException} before anything is written.
 *
 * <p>
 * Hot path: {@link #authorize} reserves the fee with one conditional {@code UPDATE} (the balance
 * guard in its own {@code WHERE}) plus the hold's insert; {@link #capture} turns the hold into a
 * usage event and a ledger entry; {@link #record} bills directly, without a hold.
 *
 * <p>
 * Capture policy: a capture at or below the held amount always succeeds; a capture above it takes
 * the difference from the available balance, and when that cannot cover it the capture fails with
 * {@link InsufficientBalanceException}, nothing is written, and the hold stays active (capture
 * less, or release it).
 */
public interface Ledger {

	/**
	 * The catalog of assets and products this ledger prices with.
	 * @return the catalog
	 */
	Catalog catalog();

	/**
	 * Finds a customer by external id, creating it (and its base-currency account) when new.
	 * @param externalId the application's user id
	 * @return the customer
	 */
	Customer customer(String externalId);

	/**
	 * Finds a customer without creating one.
	 * @param externalId the application's user id
	 * @return the customer, if known
	 */
	Optional<Customer> findCustomer(String externalId);

	/**
	 * The customer's balance: every account, and the current periods of its entitlements. An
	 * unknown customer has an empty balance (nothing is written).
	 * @param externalId the application's user id
	 * @return the balance
	 */
	Balance balance(String externalId);

	/**
	 * Reserves what a usage will cost: units from entitlements first, a hold on the wallet for
	 * the rest.
	 * @param request the customer, product, estimated quantity and dimensions
	 * @return the authorization, holding the hold id to capture or release
	 * @throws InsufficientBalanceException if the wallet cannot cover the fee
	 */
	Hold authorize(AuthorizationRequest request);

	/**
	 * Turns an active hold into a usage event and its debit. Idempotent by event id: the same id
	 * and payload returns the first result (and releases this hold if it is another one); the same
	 * id with a different payload releases this hold and fails. The payload is what the customer
	 * is billed for: customer, product, quantity and dimensions; the time and the actual vendor cost
	 * are not part of it, so a replay with another cost returns the first result and its cost.
	 * @param holdId the hold
	 * @param capture the event id, final quantity, time and, optionally, actual vendor cost
	 * @return the usage as recorded
	 * @throws HoldNotActiveException if the hold does not exist or has ended
	 * @throws IdempotencyConflictException if the event id was used with another payload
	 * @throws io.credyt.InvalidRequestException naming {@code cost} if the vendor cost is negative,
	 * has more than {@value io.credyt.money.Money#SCALE} fraction digits or is absurdly large (the
	 * hold stays active)
	 * @throws InsufficientBalanceException if a capture above the hold cannot be covered
	 */
	UsageRecord capture(UUID holdId, Capture capture);

	/**
	 * Gives a hold's funds and entitlement units back: the work failed.
	 * @param holdId the hold
	 * @return the released hold
	 * @throws HoldNotActiveException if the hold does not exist or has ended
	 */
	Hold release(UUID holdId);

	/**
	 * Finds a hold.
	 * @param holdId the hold id
	 * @return the hold, if any
	 */
	Optional<Hold> hold(UUID holdId);

	/**
	 * Bills a usage directly, without a hold: entitlements first, then the wallet. Idempotent by
	 * event id, as {@link #capture} (the actual vendor cost is not part of the payload).
	 * @param event the usage
	 * @return the usage as recorded
	 * @throws InsufficientBalanceException if the wallet cannot cover the fee
	 * @throws IdempotencyConflictException if the event id was used with another payload
	 * @throws io.credyt.InvalidRequestException naming {@code cost} if the vendor cost is unfit, as
	 * for {@link #capture}
	 */
	UsageRecord record(UsageEvent event);

	/**
	 * Finds a recorded usage event.
	 * @param eventId the usage event id
	 * @return the usage, if recorded
	 */
	Optional<UsageRecord> usage(String eventId);

	/**
	 * Adds a lot of value to an account (creating the customer and account when new).
	 * @param externalId the customer
	 * @param request the grant
	 * @return the grant (the existing one when its reference was used before)
	 */
	CreditGrant grant(String externalId, GrantRequest request);

	/**
	 * Credits a payment as paid value, converted into the target asset. At most once per payment
	 * reference.
	 * @param externalId the customer
	 * @param request the payment
	 * @return the top-up (the existing one when the payment was credited before)
	 */
	TopUp topUp(String externalId, TopUpRequest request);

	/**
	 * Gives a customer an allowance of product units.
	 * @param externalId the customer
	 * @param request the entitlement
	 * @return the entitlement (the existing one when its reference was used before)
	 */
	Entitlement entitle(String externalId, EntitlementRequest request);

	/**
	 * Records a signed correction.
	 * @param externalId the customer
	 * @param request the adjustment
	 * @return the adjustment
	 * @throws InsufficientBalanceException if a negative adjustment cannot be covered
	 */
	Adjustment adjust(String externalId, AdjustmentRequest request);

	/**
	 * Sets how far below zero an account's available balance may go.
	 * @param externalId the customer
	 * @param asset the asset code
	 * @param limit the limit, zero or positive
	 */
	void overdraftLimit(String externalId, String asset, BigDecimal limit);

	/**
	 * The customer's grants, effective or not, newest first.
	 * @param externalId the customer
	 * @return the grants
	 */
	List<CreditGrant> grants(String externalId);

	/**
	 * The customer's ledger entries, newest first.
	 * @param externalId the customer
	 * @param page which page
	 * @return the page
	 */
	Page<LedgerEntry> entries(String externalId, PageRequest page);

	/**
	 * The customer's usage, newest first.
	 * @param externalId the customer
	 * @param page which page
	 * @return the page
	 */
	Page<UsageRecord> usage(String externalId, PageRequest page);

	/**
	 * The customer's adjustments, newest first.
	 * @param externalId the customer
	 * @param page which page
	 * @return the page
	 */
	Page<Adjustment> adjustments(String externalId, PageRequest page);

	/**
	 * Expires active holds whose time-to-live has passed, giving their funds and units back. Safe
	 * to run on many instances at once: each hold is expired exactly once.
	 * @param now the time to compare expiry with
	 * @param limit the most holds to expire in this call
	 * @return how many holds this call expired
	 */
	int expireHolds(Instant now, int limit);

	/**
	 * Applies due grant changes (grants becoming effective, remaining value expiring) to every
	 * account that has one pending. Operations apply them lazily too; this keeps idle accounts
	 * current.
	 * @param now the time to compare with
	 * @param limit the most accounts to process
	 * @return how many accounts were processed
	 */
	int applyDueGrantChanges(Instant now, int limit);

}

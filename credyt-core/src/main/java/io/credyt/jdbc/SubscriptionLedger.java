package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.catalog.SubscriptionPlan;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.LedgerEvent;
import io.credyt.money.Money;
import io.credyt.subscription.FeeSource;
import io.credyt.subscription.SubscriptionCharge;
import io.credyt.subscription.Subscriptions;

/**
 * What subscriptions write to the ledger, inside their callers' transactions with the customer's
 * accounts locked: fees taken from the wallet, and paid periods with their charge and allowance.
 */
final class SubscriptionLedger {

	private final Stores stores;

	private final CreditOperations credits;

	private final SubscriptionStore store;

	SubscriptionLedger(Stores stores, CreditOperations credits, SubscriptionStore store) {
		this.stores = stores;
		this.credits = credits;
		this.store = store;
	}

	/**
	 * Makes a paid period current: the row, the period's charge and the plan's allowance, which
	 * lapses at the period's end.
	 */
	void beginPeriod(long customerId, String customer, UUID id, SubscriptionPlan plan, SubscriptionCharge.Kind kind,
			FeeSource source, @Nullable String reference, Instant start, Instant end, BigDecimal amount,
			BigDecimal revenue, @Nullable String paymentMethod, Instant now) {
		this.store.startPeriod(customerId, id, plan.code(), paymentMethod, start, end, now);
		this.store.charge(customerId, new SubscriptionCharge(UUID.randomUUID(), id, customer, plan.code(), kind, start,
				end, amount, plan.currency(), source, reference, revenue, now));
		plan.entitlements().forEach((product, units) -> this.stores.entitlements()
			.insert(customerId, customer,
					new EntitlementRequest(product, units, EntitlementPeriod.ONCE, start, end,
							Subscriptions.allowanceReference(id, start, product)),
					units, start, now));
	}

	/**
	 * Takes a fee from the wallet's account in the fee's currency, paid value first; never more than
	 * the available balance (a fee does not overdraw).
	 * @return the part of the fee that paid value covered: the revenue
	 */
	BigDecimal payFromWallet(Map<String, AccountStore.AccountRow> accounts, String customer, SubscriptionPlan plan,
			UUID id, Instant periodStart, Instant now, List<LedgerEvent> events) {
		BigDecimal fee = plan.fee();
		if (fee.signum() == 0) {
			return Money.zero();
		}
		AccountStore.AccountRow account = accounts.get(plan.currency());
		BigDecimal available = (account != null) ? account.posted.subtract(account.held) : Money.zero();
		if (account == null || available.compareTo(fee) < 0) {
			throw new InsufficientBalanceException(customer, "plan:" + plan.code(), plan.currency(), fee,
					available.max(Money.zero()));
		}
		FeeSplit[] taken = new FeeSplit[1];
		this.credits.applyAdjustment(account, customer,
				new AdjustmentRequest(plan.currency(), fee.negate(), AdjustmentReason.SUBSCRIPTION_FEE,
						"subscription:" + id + ":" + periodStart.getEpochSecond(), GrantPurpose.PAID,
						plan.name() + " subscription"),
				UUID.randomUUID(), null, null, true, now, events, (split) -> taken[0] = split);
		return (taken[0] != null) ? taken[0].paid().min(fee) : Money.zero();
	}

}

package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.Catalog;
import io.credyt.engine.GrantLot;
import io.credyt.engine.Planner;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.TopUp;
import io.credyt.ledger.TopUpRequest;
import io.credyt.money.Asset;
import io.credyt.money.Conversion;
import io.credyt.money.Money;
import io.credyt.transaction.RetryingTransactions;

/**
 * The ledger's operations off the hot path: grants, top-ups, entitlements, adjustments and
 * overdraft limits. Each is one short transaction that locks its account, applies the account's
 * due grant changes, makes its change and tells the listeners before it commits.
 */
final class CreditOperations {

	private final Stores stores;

	private final RetryingTransactions transactions;

	private final Catalog catalog;

	private final LedgerEventListener listener;

	CreditOperations(Stores stores, RetryingTransactions transactions, Catalog catalog,
			LedgerEventListener listener) {
		this.stores = stores;
		this.transactions = transactions;
		this.catalog = catalog;
		this.listener = listener;
	}

	CreditGrant grant(String externalId, GrantRequest request, Instant now) {
		GrantRequest valid = validGrant(request, now);
		long customerId = this.stores.customers().id(externalId, now);
		try {
			return inTransaction(externalId, customerId, valid.asset(), now, (account, events) -> {
				CreditGrant existing = this.stores.grants().byReference(customerId, externalId, valid.reference());
				if (existing != null) {
					return existing;
				}
				UUID id = this.stores.grants().add(account, valid, EntryType.GRANT, null, now);
				CreditGrant grant = this.stores.grants().byId(id, externalId);
				events.add(new LedgerEvent.CreditGranted(grant));
				return grant;
			});
		}
		catch (DuplicateKeyException ex) {
			return Objects.requireNonNull(this.stores.grants().byReference(customerId, externalId, valid.reference()));
		}
	}

	TopUp topUp(String externalId, TopUpRequest request, Instant now) {
		if (request.paymentReference() == null || request.paymentReference().isBlank()
				|| request.paymentReference().length() > 255) {
			throw new InvalidRequestException("paymentReference", "a payment reference of 1 to 255 characters is required");
		}
		Asset paidAsset = this.catalog.asset(request.paidAsset());
		Asset asset = this.catalog.asset(request.asset());
		Conversion conversion = Money.convert(Money.positive(request.paid(), "paid"), paidAsset, asset);
		if (conversion.converted().signum() == 0) {
			throw new InvalidRequestException("paid", "is too small to buy any " + asset.label());
		}
		GrantRequest grant = validGrant(new GrantRequest(asset.code(), conversion.converted(), GrantPurpose.PAID, null,
				request.expiresAt(), null, request.paymentReference()), now);
		long customerId = this.stores.customers().id(externalId, now);
		try {
			return inTransaction(externalId, customerId, asset.code(), now, (account, events) -> {
				CreditGrant existing = this.stores.grants().byReference(customerId, externalId, request.paymentReference());
				if (existing != null) {
					return new TopUp(existing, conversion, conversion.residualInBase());
				}
				UUID id = this.stores.grants().add(account, grant, EntryType.GRANT, null, now);
				if (conversion.residualInBase().signum() != 0) {
					this.stores.entries().rounding(conversion.residualInBase(), request.paymentReference(), now);
				}
				TopUp topUp = new TopUp(this.stores.grants().byId(id, externalId), conversion,
						conversion.residualInBase());
				events.add(new LedgerEvent.CreditGranted(topUp.grant()));
				events.add(new LedgerEvent.TopUpCredited(externalId, topUp));
				return topUp;
			});
		}
		catch (DuplicateKeyException ex) {
			return new TopUp(
					Objects.requireNonNull(
							this.stores.grants().byReference(customerId, externalId, request.paymentReference())),
					conversion, conversion.residualInBase());
		}
	}

	Entitlement entitle(String externalId, EntitlementRequest request, Instant now) {
		this.catalog.product(request.product());
		BigDecimal units = Money.positive(request.units(), "units");
		if (request.period() == null) {
			throw new InvalidRequestException("period", "an entitlement period is required");
		}
		validReference(request.reference());
		Instant start = (request.startsAt() != null) ? request.startsAt() : now;
		if (request.expiresAt() != null && !request.expiresAt().isAfter(start)) {
			throw new InvalidRequestException("expiresAt", "must be after the entitlement starts");
		}
		long customerId = this.stores.customers().id(externalId, now);
		EntitlementStore entitlements = this.stores.entitlements();
		try {
			return this.transactions.run(() -> {
				Optional<Entitlement> existing = entitlements.byReference(customerId, externalId, request.reference());
				return existing.orElseGet(() -> entitlements.insert(customerId, externalId, request, units, start, now));
			});
		}
		catch (DuplicateKeyException ex) {
			return entitlements.byReference(customerId, externalId, request.reference()).orElseThrow(() -> ex);
		}
	}

	Adjustment adjust(String externalId, AdjustmentRequest request, Instant now) {
		BigDecimal amount = validAdjustment(request);
		long customerId = (amount.signum() < 0)
				? this.stores.customers().paying(externalId, request.reason().name(), request.asset(), amount.negate(), now)
				: this.stores.customers().id(externalId, now);
		UUID id = UUID.randomUUID();
		return inTransaction(externalId, customerId, request.asset(), now,
				(account, events) -> applyAdjustment(account, externalId, request, id, null, null, false, now, events));
	}

	/** Checks an adjustment's request before anything is read; the amount as it will be stored. */
	BigDecimal validAdjustment(AdjustmentRequest request) {
		this.catalog.asset(request.asset());
		BigDecimal amount = Money.exact(request.amount(), "amount");
		if (amount.signum() == 0) {
			throw new InvalidRequestException("amount", "an adjustment must not be zero");
		}
		if (request.reason() == null) {
			throw new InvalidRequestException("reason", "an adjustment reason is required");
		}
		if (request.reference() == null || request.reference().isBlank() || request.reference().length() > 255) {
			throw new InvalidRequestException("reference", "an adjustment references what it corrects (1 to 255 characters)");
		}
		if (request.note() != null && request.note().length() > 1024) {
			throw new InvalidRequestException("note", "is at most 1024 characters");
		}
		return amount;
	}

	/**
	 * Makes a checked adjustment on a locked account whose due grant changes are applied. A positive
	 * one adds a grant; a negative one takes value from the account's lots (only those of the
	 * request's purpose, or, with {@code purposeFirst}, those first and then the others) and
	 * fails when the account cannot cover it.
	 */
	Adjustment applyAdjustment(AccountStore.AccountRow account, String externalId, AdjustmentRequest request, UUID id,
			@Nullable Instant expiresAt, @Nullable String actor, boolean purposeFirst, Instant now,
			List<LedgerEvent> events) {
		return applyAdjustment(account, externalId, request, id, expiresAt, actor, purposeFirst, now, events, null);
	}

	/**
	 * As {@link #applyAdjustment(AccountStore.AccountRow, String, AdjustmentRequest, UUID, Instant, String, boolean, Instant, List)},
	 * telling {@code splitTaken} which kinds of value a negative adjustment took.
	 */
	Adjustment applyAdjustment(AccountStore.AccountRow account, String externalId, AdjustmentRequest request, UUID id,
			@Nullable Instant expiresAt, @Nullable String actor, boolean purposeFirst, Instant now,
			List<LedgerEvent> events, java.util.function.@Nullable Consumer<FeeSplit> splitTaken) {
		long customerId = account.customerId;
		BigDecimal amount = Money.round(request.amount());
		UUID grantId = null;
		if (amount.signum() > 0) {
			GrantPurpose purpose = (request.purpose() != null) ? request.purpose() : request.reason().defaultPurpose();
			grantId = this.stores.grants()
				.add(account, new GrantRequest(request.asset(), amount, purpose, null, expiresAt, null, "adjustment:" + id),
						EntryType.ADJUSTMENT, id.toString(), now);
		}
		else {
			BigDecimal taken = amount.negate();
			if (!this.stores.accounts().move(customerId, request.asset(), taken, Money.zero())) {
				throw new InsufficientBalanceException(externalId, request.reason().name(), request.asset(), taken,
						account.spendable());
			}
			List<GrantLot> lots;
			if (purposeFirst && request.purpose() != null) {
				lots = new ArrayList<>(this.stores.grants().lots(customerId, request.asset(), null));
				GrantPurpose first = request.purpose();
				lots.sort(Comparator.comparing((GrantLot lot) -> lot.purpose() != first));
			}
			else {
				lots = this.stores.grants().lots(customerId, request.asset(), request.purpose());
			}
			FeeSplit split = Planner.consume(lots, taken);
			if (request.purpose() != null && !purposeFirst && split.unfunded().signum() > 0) {
				throw new InsufficientBalanceException(externalId, request.reason().name(), request.asset(), taken,
						taken.subtract(split.unfunded()));
			}
			this.stores.grants().take(lots.stream().filter((lot) -> lot.taken().signum() > 0).toList());
			if (splitTaken != null) {
				splitTaken.accept(split);
			}
			this.stores.entries().post(customerId, request.asset(), amount, EntryType.ADJUSTMENT, id.toString(), now);
		}
		Adjustment adjustment = new Adjustment(id, externalId, request.asset(), amount, request.reason(),
				request.reference(), request.note(), grantId, now, actor);
		this.stores.entries().adjustment(adjustment, customerId);
		events.add(new LedgerEvent.AdjustmentRecorded(adjustment));
		return adjustment;
	}

	/**
	 * Gives value back to a locked account as the kinds of value that {@code split} names, each as a
	 * grant of its purpose that does not expire, posted with the adjustment's entries. What an
	 * overdraft lent goes back first (as paid value), so that as it settles the debt the other kinds
	 * keep their value.
	 * @return the first grant made, or {@code null} when the split is all zero
	 */
	@Nullable UUID restore(AccountStore.AccountRow account, FeeSplit split, String referencePrefix, UUID adjustmentId,
			Instant now) {
		UUID first = null;
		BigDecimal[] amounts = { split.unfunded(), split.paid(), split.bundled(), split.promotional() };
		GrantPurpose[] purposes = { GrantPurpose.PAID, GrantPurpose.PAID, GrantPurpose.BUNDLED, GrantPurpose.PROMOTIONAL };
		String[] parts = { "unfunded", "paid", "bundled", "promotional" };
		for (int i = 0; i < amounts.length; i++) {
			if (amounts[i].signum() > 0) {
				UUID grant = this.stores.grants()
					.add(account, new GrantRequest(account.asset, amounts[i], purposes[i], null, null, null,
							referencePrefix + ":" + parts[i]), EntryType.ADJUSTMENT, adjustmentId.toString(), now);
				first = (first != null) ? first : grant;
			}
		}
		return first;
	}

	void overdraftLimit(String externalId, String asset, BigDecimal limit, Instant now) {
		this.catalog.asset(asset);
		BigDecimal value = Money.exact(limit, "limit");
		if (value.signum() < 0) {
			throw new InvalidRequestException("limit", "must not be negative");
		}
		long customerId = this.stores.customers().id(externalId, now);
		boolean set = this.transactions.run(() -> {
			this.stores.accounts().createIfAbsent(customerId, asset, now);
			return this.stores.accounts().overdraftLimit(customerId, asset, value);
		});
		if (!set) {
			throw new InvalidRequestException("limit",
					"the account is already further below zero than " + value.toPlainString());
		}
	}

	/** Applies the due grant changes of one account. */
	void applyDueChanges(long customerId, String asset, Instant now) {
		this.transactions.run(() -> {
			AccountStore.AccountRow account = this.stores.accounts().lock(customerId, asset);
			if (account != null) {
				this.stores.grants().applyDueChanges(account, now);
			}
			return null;
		});
	}

	GrantRequest validGrant(GrantRequest request, Instant now) {
		this.catalog.asset(request.asset());
		BigDecimal amount = Money.positive(request.amount(), "amount");
		if (request.purpose() == null) {
			throw new InvalidRequestException("purpose", "a grant purpose is required");
		}
		Instant effectiveAt = request.effectiveAt();
		Instant start = (effectiveAt != null) ? effectiveAt : now;
		if (request.expiresAt() != null && !request.expiresAt().isAfter(start)) {
			throw new InvalidRequestException("expiresAt", "must be after the grant becomes effective");
		}
		if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
			throw new InvalidRequestException("expiresAt", "must be in the future");
		}
		validReference(request.reference());
		return new GrantRequest(request.asset(), amount, request.purpose(), effectiveAt, request.expiresAt(),
				request.priority(), request.reference());
	}

	private static void validReference(@Nullable String reference) {
		if (reference != null && (reference.isBlank() || reference.length() > 255)) {
			throw new InvalidRequestException("reference", "must be 1 to 255 characters");
		}
	}

	/**
	 * Runs work on one account in a transaction of its own: the account is created if missing
	 * (inside the transaction, so a refused change leaves none behind), locked, brought up to
	 * date with its due grant changes; the events the work collects go to the listeners before
	 * the commit.
	 */
	private <T> T inTransaction(String externalId, long customerId, String asset, Instant now, AccountWork<T> work) {
		return this.transactions.run(() -> {
			this.stores.accounts().createIfAbsent(customerId, asset, now);
			AccountStore.AccountRow account = Objects.requireNonNull(this.stores.accounts().lock(customerId, asset),
					"account");
			this.stores.grants().applyDueChanges(account, now);
			List<LedgerEvent> events = new ArrayList<>();
			BigDecimal before = account.posted.subtract(account.held);
			T result = work.run(account, events);
			AccountStore.AccountRow after = Objects.requireNonNull(this.stores.accounts().read(customerId, asset));
			BigDecimal available = after.posted.subtract(after.held);
			if (available.compareTo(before) != 0) {
				events.add(new LedgerEvent.BalanceChanged(externalId, asset, before, available));
			}
			if (!events.isEmpty()) {
				this.listener.committing(events);
			}
			return result;
		});
	}

	@FunctionalInterface
	private interface AccountWork<T> {

		T run(AccountStore.AccountRow account, List<LedgerEvent> events);

	}

}

package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.credyt.catalog.Catalog;

/**
 * A {@link Ledger} that tells a {@link BillingObserver} about authorizations, usage, releases and
 * expiries, and otherwise passes every call through unchanged.
 */
public final class ObservedLedger implements Ledger {

	private final Ledger delegate;

	private final BillingObserver observer;

	public ObservedLedger(Ledger delegate, BillingObserver observer) {
		this.delegate = delegate;
		this.observer = observer;
	}

	/**
	 * The ledger this one passes calls to.
	 * @return the delegate
	 */
	public Ledger delegate() {
		return this.delegate;
	}

	@Override
	public Hold authorize(AuthorizationRequest request) {
		long start = System.nanoTime();
		try {
			Hold hold = this.delegate.authorize(request);
			this.observer.authorized(hold, since(start));
			return hold;
		}
		catch (InsufficientBalanceException ex) {
			this.observer.declined(request.product(), ex, since(start));
			throw ex;
		}
		catch (RuntimeException ex) {
			this.observer.authorizationFailed(String.valueOf(request.product()), ex, since(start));
			throw ex;
		}
	}

	@Override
	public UsageRecord capture(UUID holdId, Capture capture) {
		long start = System.nanoTime();
		UsageRecord usage = this.delegate.capture(holdId, capture);
		this.observer.recorded(usage, true, since(start));
		return usage;
	}

	@Override
	public UsageRecord record(UsageEvent event) {
		long start = System.nanoTime();
		UsageRecord usage = this.delegate.record(event);
		this.observer.recorded(usage, false, since(start));
		return usage;
	}

	@Override
	public Hold release(UUID holdId) {
		Hold hold = this.delegate.release(holdId);
		this.observer.released(hold);
		return hold;
	}

	@Override
	public int expireHolds(Instant now, int limit) {
		int expired = this.delegate.expireHolds(now, limit);
		if (expired > 0) {
			this.observer.expired(expired);
		}
		return expired;
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@Override
	public Catalog catalog() {
		return this.delegate.catalog();
	}

	@Override
	public Customer customer(String externalId) {
		return this.delegate.customer(externalId);
	}

	@Override
	public Optional<Customer> findCustomer(String externalId) {
		return this.delegate.findCustomer(externalId);
	}

	@Override
	public Balance balance(String externalId) {
		return this.delegate.balance(externalId);
	}

	@Override
	public Optional<Hold> hold(UUID holdId) {
		return this.delegate.hold(holdId);
	}

	@Override
	public Optional<UsageRecord> usage(String eventId) {
		return this.delegate.usage(eventId);
	}

	@Override
	public CreditGrant grant(String externalId, GrantRequest request) {
		return this.delegate.grant(externalId, request);
	}

	@Override
	public TopUp topUp(String externalId, TopUpRequest request) {
		return this.delegate.topUp(externalId, request);
	}

	@Override
	public Entitlement entitle(String externalId, EntitlementRequest request) {
		return this.delegate.entitle(externalId, request);
	}

	@Override
	public Adjustment adjust(String externalId, AdjustmentRequest request) {
		return this.delegate.adjust(externalId, request);
	}

	@Override
	public void overdraftLimit(String externalId, String asset, BigDecimal limit) {
		this.delegate.overdraftLimit(externalId, asset, limit);
	}

	@Override
	public List<CreditGrant> grants(String externalId) {
		return this.delegate.grants(externalId);
	}

	@Override
	public Page<LedgerEntry> entries(String externalId, PageRequest page) {
		return this.delegate.entries(externalId, page);
	}

	@Override
	public Page<UsageRecord> usage(String externalId, PageRequest page) {
		return this.delegate.usage(externalId, page);
	}

	@Override
	public Page<Adjustment> adjustments(String externalId, PageRequest page) {
		return this.delegate.adjustments(externalId, page);
	}

	@Override
	public int applyDueGrantChanges(Instant now, int limit) {
		return this.delegate.applyDueGrantChanges(now, limit);
	}

}

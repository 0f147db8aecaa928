package io.credyt.autoconfigure.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.credyt.ledger.BillingObserver;
import io.credyt.ledger.Hold;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.UsageRecord;

/**
 * Tells every observer, in order. An observer that throws is logged and skipped: what it failed to
 * hear must not fail a charge that has already been made.
 */
final class CompositeBillingObserver implements BillingObserver {

	private static final Log logger = LogFactory.getLog(CompositeBillingObserver.class);

	private final List<BillingObserver> observers;

	CompositeBillingObserver(List<BillingObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	@Override
	public void authorized(Hold hold, Duration took) {
		tell((observer) -> observer.authorized(hold, took));
	}

	@Override
	public void declined(String product, InsufficientBalanceException declined, Duration took) {
		tell((observer) -> observer.declined(product, declined, took));
	}

	@Override
	public void authorizationFailed(String product, RuntimeException error, Duration took) {
		tell((observer) -> observer.authorizationFailed(product, error, took));
	}

	@Override
	public void recorded(UsageRecord usage, boolean captured, Duration took) {
		tell((observer) -> observer.recorded(usage, captured, took));
	}

	@Override
	public void released(Hold hold) {
		tell((observer) -> observer.released(hold));
	}

	@Override
	public void expired(int count) {
		tell((observer) -> observer.expired(count));
	}

	private void tell(Consumer<BillingObserver> event) {
		for (BillingObserver observer : this.observers) {
			try {
				event.accept(observer);
			}
			catch (RuntimeException ex) {
				logger.warn("Billing observer " + observer.getClass().getName() + " failed", ex);
			}
		}
	}

}

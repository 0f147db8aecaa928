package io.credyt.payment;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import io.credyt.ledger.BillingObserver;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageRecord;

/**
 * Auto top-up: each customer's own threshold, amount and saved card. When a debit takes the
 * available balance of the top-up asset below the threshold, exactly one top-up starts for that
 * wallet, across threads and application instances (the claim is one guarded {@code UPDATE}),
 * and is charged off-session and credited before the debit's caller gets its answer, so the next
 * balance check sees the funds. Never two in flight per customer, a cooldown after a failure, a
 * cap per UTC day.
 * <p>
 * As a {@link BillingObserver} it hears every recorded usage; add it to the ledger's observers.
 */
public final class AutoTopUps implements BillingObserver {

	/**
	 * Creates the service.
	 * @param dataSource the database holding the settings (the ledger's)
	 * @param ledger the ledger whose balances are watched
	 * @param topUps charges saved cards and credits the payments
	 * @param options the limits
	 * @param clock the clock
	 */
	public AutoTopUps(DataSource dataSource, Ledger ledger, TopUps topUps, AutoTopUpOptions options, Clock clock) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * A customer's auto top-up and how it has been going.
	 * @param customer the customer's external id
	 * @return the status, empty when the customer never set it up
	 */
	public Optional<AutoTopUpStatus> status(String customer) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Saves a customer's settings. Turning it on needs a saved card of that customer, a threshold
	 * that is not negative and an amount the top-up policy allows. Changing the settings clears
	 * the cooldown.
	 * @param customer the customer's external id
	 * @param settings the settings
	 * @return the status afterwards
	 * @throws io.credyt.InvalidRequestException naming {@code threshold}, {@code amount} or
	 * {@code paymentMethod}; nothing is written
	 */
	public AutoTopUpStatus configure(String customer, AutoTopUpSettings settings) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Starts a top-up if the customer's available balance is below the threshold and none is in
	 * flight, cooling down or over the daily cap, and waits for it.
	 * @param customer the customer's external id
	 * @return the top-up's result, empty when none was started; a declined card gives a result
	 * with status {@link PaymentStatus#FAILED} rather than an exception
	 */
	public Optional<PaymentRecord> check(String customer) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Customers whose last auto top-up failed, most recent first, for the dashboard.
	 * @param page which page
	 * @return the page
	 */
	public Page<AutoTopUpStatus> failing(PageRequest page) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	@Override
	public void recorded(UsageRecord usage, boolean captured, Duration took) {
		throw new UnsupportedOperationException("not implemented yet");
	}

}

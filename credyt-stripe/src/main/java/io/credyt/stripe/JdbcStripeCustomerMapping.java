package io.credyt.stripe;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.InvalidRequestException;
import io.credyt.transaction.RetryingTransactions;

import static io.credyt.InvalidRequestException.requireText;

/**
 * A {@link StripeCustomerMapping} in the application's database ({@code credyt_payment_customer},
 * provider {@code stripe}), shared by every instance and kept across restarts, so a saved card
 * stays reachable for off-session charges. The first mapping of a customer wins, whichever
 * instance writes it.
 */
public final class JdbcStripeCustomerMapping implements StripeCustomerMapping {

	/** The provider name the rows are stored under. */
	public static final String PROVIDER = "stripe";

	private final JdbcTemplate jdbc;

	private final RetryingTransactions transactions;

	private final Clock clock;

	/**
	 * Creates the mapping on the system clock.
	 * @param dataSource the application's database, with Credyt's schema
	 */
	public JdbcStripeCustomerMapping(DataSource dataSource) {
		this(dataSource, Clock.systemUTC());
	}

	/**
	 * Creates the mapping.
	 * @param dataSource the application's database, with Credyt's schema
	 * @param clock the clock mappings are stamped with
	 */
	public JdbcStripeCustomerMapping(DataSource dataSource, Clock clock) {
		Objects.requireNonNull(dataSource, "dataSource");
		this.jdbc = new JdbcTemplate(dataSource);
		// its own transaction: a refused duplicate must not abort a transaction of the caller's
		this.transactions = new RetryingTransactions(dataSource);
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Optional<String> stripeCustomer(String customer) {
		requireText(customer, "customer", 255);
		return this.jdbc
			.queryForList("SELECT provider_customer FROM credyt_payment_customer WHERE provider = ? AND customer = ?",
					String.class, PROVIDER, customer)
			.stream()
			.findFirst();
	}

	/**
	 * {@inheritDoc}
	 * @throws InvalidRequestException if an id is missing or too long, or if the Stripe customer
	 * is mapped to another of our customers already; nothing is written
	 */
	@Override
	public String mapIfAbsent(String customer, String stripeCustomer) {
		requireText(customer, "customer", 255);
		requireText(stripeCustomer, "stripeCustomer", 255);
		Optional<String> known = stripeCustomer(customer);
		if (known.isPresent()) {
			return known.get();
		}
		try {
			this.transactions.update(() -> this.jdbc.update(
					"INSERT INTO credyt_payment_customer (provider, customer, provider_customer, created_at)"
							+ " VALUES (?, ?, ?, ?)",
					PROVIDER, customer, stripeCustomer, this.clock.instant().atOffset(ZoneOffset.UTC)));
			return stripeCustomer;
		}
		catch (DuplicateKeyException ex) {
			// mapped by another instance at the same moment: theirs stands
			return stripeCustomer(customer).orElseThrow(() -> new InvalidRequestException("stripeCustomer",
					"'" + stripeCustomer + "' is mapped to another customer than " + customer));
		}
	}

}

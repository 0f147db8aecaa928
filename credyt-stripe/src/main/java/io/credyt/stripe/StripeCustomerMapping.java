package io.credyt.stripe;

import java.util.Optional;

/**
 * Which Stripe customer stands for which of our customers, so a saved card stays attached to one
 * Stripe customer and off-session charges can find it.
 * <p>
 * {@link InMemoryStripeCustomerMapping} forgets everything on restart and is not shared between
 * instances: with several application instances (or any saved cards worth keeping), use
 * {@link JdbcStripeCustomerMapping}, backed by the application's database.
 */
public interface StripeCustomerMapping {

	/**
	 * The Stripe customer mapped to one of ours.
	 * @param customer our customer's external id
	 * @return the Stripe customer id, empty when none is known
	 */
	Optional<String> stripeCustomer(String customer);

	/**
	 * Maps a Stripe customer to one of ours unless one is mapped already. Two concurrent first
	 * checkouts may each create a Stripe customer; the mapping keeps the first and every caller
	 * uses what this returns.
	 * @param customer our customer's external id
	 * @param stripeCustomer the Stripe customer id just created
	 * @return the Stripe customer now mapped: {@code stripeCustomer}, or the one that was already
	 */
	String mapIfAbsent(String customer, String stripeCustomer);

}

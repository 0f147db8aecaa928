package io.credyt.stripe;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link StripeCustomerMapping} held in this JVM: for development and a single instance. It is
 * lost on restart, after which a returning customer gets a new Stripe customer and off-session
 * charges no longer find the saved card.
 */
public final class InMemoryStripeCustomerMapping implements StripeCustomerMapping {

	private final Map<String, String> stripeCustomers = new ConcurrentHashMap<>();

	@Override
	public Optional<String> stripeCustomer(String customer) {
		return Optional.ofNullable(this.stripeCustomers.get(customer));
	}

	@Override
	public String mapIfAbsent(String customer, String stripeCustomer) {
		String existing = this.stripeCustomers.putIfAbsent(customer, stripeCustomer);
		return (existing != null) ? existing : stripeCustomer;
	}

}

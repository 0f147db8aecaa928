package io.credyt.ledger;

/**
 * Prepares a customer the first time the application bills or shows them: creates the customer
 * and gives the sign-up allowances. Must be idempotent: it may run many times, on many instances.
 */
@FunctionalInterface
public interface Onboarding {

	/**
	 * Onboards a customer, or does nothing if that was done already.
	 * @param externalId the customer's external id
	 */
	void onboard(String externalId);

}

package io.credyt.payment;

import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Where the {@link TestPaymentProvider} keeps its checkout sessions and the cards saved at them.
 * In memory ({@link #inMemory()}) they are one instance's; on the ledger's database
 * ({@code io.credyt.jdbc.JdbcTestCheckoutStore}) a checkout started by one application instance
 * can be paid and completed on any other, and a card saved on one is charged by any.
 */
public interface TestCheckoutStore {

	/**
	 * Stores a new session, unless one was stored under the same idempotency key already.
	 * @param sessionId the id of the new session
	 * @param idempotencyKey the checkout's idempotency key
	 * @param request the checkout
	 * @return the session stored under the key: the new one, or the one stored first
	 */
	TestCheckoutSession create(String sessionId, String idempotencyKey, CheckoutRequest request);

	/**
	 * A session.
	 * @param sessionId the session's id
	 * @return the session, empty when there is none
	 */
	Optional<TestCheckoutSession> find(String sessionId);

	/**
	 * Records the result of a payment attempt, unless the session has succeeded already: a paid
	 * session stays paid, whoever pays it again on whichever instance.
	 * @param sessionId the session's id
	 * @param status {@link PaymentStatus#SUCCEEDED} or {@link PaymentStatus#FAILED}
	 * @param paymentReference the payment's reference when it succeeded
	 * @param failureReason why it failed
	 * @param savedPaymentMethod the card saved at this attempt, or {@code null} to keep the
	 * session's
	 * @return the session as it now is
	 * @throws UnknownCheckoutSessionException if there is no such session
	 */
	TestCheckoutSession settle(String sessionId, PaymentStatus status, @Nullable String paymentReference,
			@Nullable String failureReason, @Nullable String savedPaymentMethod);

	/**
	 * Saves a card for a customer; saving it again changes nothing.
	 * @param customer the customer's external id
	 * @param paymentMethod the card's reference
	 */
	void saveCard(String customer, String paymentMethod);

	/**
	 * The cards a customer saved.
	 * @param customer the customer's external id
	 * @return their references
	 */
	Set<String> savedCards(String customer);

	/**
	 * A store in this JVM's memory: a checkout can only be finished on the instance that started
	 * it.
	 * @return a new, empty store
	 */
	static TestCheckoutStore inMemory() {
		return new InMemoryTestCheckoutStore();
	}

}

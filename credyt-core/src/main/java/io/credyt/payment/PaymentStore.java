package io.credyt.payment;

import java.util.List;
import java.util.Optional;

import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import org.jspecify.annotations.Nullable;

/**
 * Where top-up payments and saved cards are kept, shared by every application instance (the
 * JDBC implementation is {@code io.credyt.jdbc.JdbcPaymentStore}). Writes are idempotent: the
 * same payment reported twice (the customer's return and a webhook) is one row.
 */
public interface PaymentStore {

	/**
	 * Remembers a started payment as {@link PaymentStatus#PENDING}; does nothing when a payment
	 * with the same id is known already.
	 * @param payment the payment
	 */
	void started(PaymentRecord payment);

	/**
	 * Records what became of a payment. A payment that has succeeded stays succeeded; one that
	 * is not known yet (started on a provider without passing through here) is inserted.
	 * @param payment the payment with its new status, reference and failure reason
	 * @return the payment as stored afterwards
	 */
	PaymentRecord settled(PaymentRecord payment);

	/**
	 * One payment.
	 * @param id the checkout session id or the charge's idempotency key
	 * @return the payment, empty if unknown
	 */
	Optional<PaymentRecord> find(String id);

	/**
	 * Payments, newest first.
	 * @param customer a customer's external id, or {@code null} for every customer's
	 * @param page which page
	 * @return the page
	 */
	Page<PaymentRecord> payments(@Nullable String customer, PageRequest page);

	/**
	 * Remembers a card saved for off-session charges; saving the same card again does nothing.
	 * @param customer the customer's external id
	 * @param paymentMethod the provider's reference of the saved card
	 */
	void paymentMethodSaved(String customer, String paymentMethod);

	/**
	 * The cards a customer saved, newest first.
	 * @param customer the customer's external id
	 * @return the saved cards' references
	 */
	List<String> paymentMethods(String customer);

}

package io.credyt.payment;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;

/**
 * A {@link PaymentStore} that remembers nothing: what {@link TopUps} uses when it is built
 * without a store. Payments are still credited exactly once (the ledger keys credits by payment
 * reference); they are just not listed anywhere, and no card is known as saved.
 */
final class NoPaymentStore implements PaymentStore {

	static final NoPaymentStore INSTANCE = new NoPaymentStore();

	private NoPaymentStore() {
	}

	@Override
	public void started(PaymentRecord payment) {
	}

	@Override
	public PaymentRecord settled(PaymentRecord payment) {
		return payment;
	}

	@Override
	public Optional<PaymentRecord> find(String id) {
		return Optional.empty();
	}

	@Override
	public Page<PaymentRecord> payments(@Nullable String customer, PageRequest page) {
		return new Page<>(List.of(), page.page(), page.size(), 0);
	}

	@Override
	public void paymentMethodSaved(String customer, String paymentMethod) {
	}

	@Override
	public List<String> paymentMethods(String customer) {
		return List.of();
	}

}

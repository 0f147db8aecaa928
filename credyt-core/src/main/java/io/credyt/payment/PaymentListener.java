package io.credyt.payment;

import java.util.List;

/**
 * Hears what became of top-up payments that the ledger never sees: a checkout whose payment failed,
 * an auto top-up whose card was declined. (A payment that succeeds is a ledger change, and
 * {@link io.credyt.ledger.LedgerEventListener}s hear it inside its transaction.) Called after the
 * failure is remembered; a listener that throws is logged and does not change the outcome.
 */
@FunctionalInterface
public interface PaymentListener {

	/** Hears nothing. */
	PaymentListener NONE = (payment) -> {
	};

	/**
	 * A top-up payment failed; nothing was credited. May be called more than once for the same
	 * payment (the customer's return and the provider's notification both report it).
	 * @param payment the payment, with its kind and the provider's reason
	 */
	void failed(PaymentRecord payment);

	/**
	 * All of some listeners, in order.
	 * @param listeners the listeners
	 * @return one listener telling each
	 */
	static PaymentListener all(List<PaymentListener> listeners) {
		List<PaymentListener> copy = List.copyOf(listeners);
		return (payment) -> copy.forEach((listener) -> listener.failed(payment));
	}

}

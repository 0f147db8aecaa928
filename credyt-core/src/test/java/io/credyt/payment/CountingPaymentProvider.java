package io.credyt.payment;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes everything to another provider and counts the checkouts started and off-session charges
 * made, so a test can prove a refused request reached no provider.
 */
final class CountingPaymentProvider implements PaymentProvider {

	private final PaymentProvider delegate;

	private final AtomicInteger checkouts = new AtomicInteger();

	private final AtomicInteger charges = new AtomicInteger();

	CountingPaymentProvider(PaymentProvider delegate) {
		this.delegate = delegate;
	}

	int checkouts() {
		return this.checkouts.get();
	}

	int charges() {
		return this.charges.get();
	}

	@Override
	public String name() {
		return this.delegate.name();
	}

	@Override
	public boolean live() {
		return this.delegate.live();
	}

	@Override
	public Checkout startCheckout(CheckoutRequest request) {
		this.checkouts.incrementAndGet();
		return this.delegate.startCheckout(request);
	}

	@Override
	public Optional<PaymentOutcome> outcome(String sessionId) {
		return this.delegate.outcome(sessionId);
	}

	@Override
	public PaymentOutcome chargeOffSession(OffSessionCharge charge) {
		this.charges.incrementAndGet();
		return this.delegate.chargeOffSession(charge);
	}

}

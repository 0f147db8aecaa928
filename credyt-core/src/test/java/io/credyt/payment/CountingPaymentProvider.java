package io.credyt.payment;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes everything to another provider and counts the checkouts started, the off-session
 * charges asked for, the distinct payments those charges made and the refunds asked for, so a
 * test can prove a refused request reached no provider, a retried charge paid once and a replayed
 * refund asked the provider once. It can also make the next charge
 * crash (before or after the provider charged) or make charges fail.
 */
final class CountingPaymentProvider implements PaymentProvider {

	private final PaymentProvider delegate;

	private final AtomicInteger checkouts = new AtomicInteger();

	private final AtomicInteger charges = new AtomicInteger();

	private final Set<String> payments = ConcurrentHashMap.newKeySet();

	private final AtomicInteger refunds = new AtomicInteger();

	private volatile boolean crashBefore;

	private volatile boolean crashAfter;

	private volatile RuntimeException failure;

	CountingPaymentProvider(PaymentProvider delegate) {
		this.delegate = delegate;
	}

	int checkouts() {
		return this.checkouts.get();
	}

	/** How many off-session charges were asked for, those that crashed or failed included. */
	int charges() {
		return this.charges.get();
	}

	/** How many distinct payments the provider made for the off-session charges. */
	int distinctPayments() {
		return this.payments.size();
	}

	/** How many refunds were asked for, those the provider refused included. */
	int refunds() {
		return this.refunds.get();
	}

	/** The process dies during the next charge, before the provider is asked. */
	void crashBeforeNextCharge() {
		this.crashBefore = true;
	}

	/** The process dies during the next charge, after the provider charged. */
	void crashAfterNextCharge() {
		this.crashAfter = true;
	}

	/** Every charge from now on fails with this, before the provider is asked. */
	void failNextCharges(RuntimeException failure) {
		this.failure = failure;
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
		if (this.crashBefore) {
			this.crashBefore = false;
			throw new SimulatedCrash();
		}
		RuntimeException failure = this.failure;
		if (failure != null) {
			throw failure;
		}
		PaymentOutcome outcome = this.delegate.chargeOffSession(charge);
		if (outcome.paymentReference() != null) {
			this.payments.add(outcome.paymentReference());
		}
		if (this.crashAfter) {
			this.crashAfter = false;
			throw new SimulatedCrash();
		}
		return outcome;
	}

	@Override
	public RefundOutcome refund(RefundRequest request) {
		this.refunds.incrementAndGet();
		return this.delegate.refund(request);
	}

	/** The process dying mid-charge: not an exception any code here catches. */
	static final class SimulatedCrash extends Error {

		private static final long serialVersionUID = 1L;

		SimulatedCrash() {
			super("simulated crash");
		}

	}

}

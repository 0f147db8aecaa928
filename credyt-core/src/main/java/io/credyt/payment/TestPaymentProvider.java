package io.credyt.payment;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.credyt.InvalidRequestException;

/**
 * The built-in payment provider for development: no money moves. Checkouts are held in memory
 * and paid through a local card form (at {@code checkoutPage}) with Stripe's test cards:
 * <ul>
 * <li>{@value #SUCCEEDS} succeeds;</li>
 * <li>{@value #DECLINED} is declined ({@value #DECLINED_REASON});</li>
 * <li>{@value #INSUFFICIENT_FUNDS} fails for insufficient funds
 * ({@value #INSUFFICIENT_FUNDS_REASON});</li>
 * <li>any other number is invalid ({@value #INVALID_REASON}).</li>
 * </ul>
 * A recognised card can be saved even when its payment fails, so that the failure of an
 * off-session charge (auto top-up) can be tried out: a saved card charges off-session the way it
 * pays at the checkout. Thread-safe.
 */
public final class TestPaymentProvider implements PaymentProvider {

	/** The test card that succeeds. */
	public static final String SUCCEEDS = "4242 4242 4242 4242";

	/** The test card that is declined. */
	public static final String DECLINED = "4000 0000 0000 0002";

	/** The test card that fails for insufficient funds. */
	public static final String INSUFFICIENT_FUNDS = "4000 0000 0000 9995";

	public static final String DECLINED_REASON = "Your card was declined.";

	public static final String INSUFFICIENT_FUNDS_REASON = "Your card has insufficient funds.";

	public static final String INVALID_REASON = "Your card number is invalid.";

	static final String UNKNOWN_PAYMENT_METHOD_REASON = "No such payment method for this customer.";

	private final String checkoutPage;

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	private final Map<String, String> sessionsByIdempotencyKey = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> savedPaymentMethods = new ConcurrentHashMap<>();

	private final Map<String, PaymentOutcome> offSessionCharges = new ConcurrentHashMap<>();

	/**
	 * Creates the provider; outside this package, {@link #forMode} is the way in, so the live-mode
	 * check cannot be skipped.
	 * @param checkoutPage the path (or URL) of the card form; the redirect URL adds
	 * {@code ?session=<id>}, e.g. {@code /billing/test-checkout}
	 */
	TestPaymentProvider(String checkoutPage) {
		if (checkoutPage == null || checkoutPage.isBlank()) {
			throw new IllegalArgumentException("The test checkout page path is required");
		}
		this.checkoutPage = checkoutPage;
	}

	/**
	 * Creates the provider unless a live payment mode is configured, where pretend payments would
	 * credit real customers for nothing.
	 * @param liveModeConfigured whether a live payment mode (e.g. a live Stripe key) is configured
	 * @param checkoutPage the path of the card form
	 * @return the provider
	 * @throws IllegalStateException if a live mode is configured
	 */
	public static TestPaymentProvider forMode(boolean liveModeConfigured, String checkoutPage) {
		if (liveModeConfigured) {
			throw new IllegalStateException("The test payment provider credits top-ups without taking money, "
					+ "so it refuses to run when a live payment mode is configured; "
					+ "remove the live key or use the live provider");
		}
		return new TestPaymentProvider(checkoutPage);
	}

	@Override
	public String name() {
		return "test";
	}

	@Override
	public boolean live() {
		return false;
	}

	@Override
	public Checkout startCheckout(CheckoutRequest request) {
		Objects.requireNonNull(request, "request");
		String key = (request.idempotencyKey() != null) ? request.idempotencyKey() : UUID.randomUUID().toString();
		String sessionId = this.sessionsByIdempotencyKey.computeIfAbsent(key, (k) -> {
			String id = "test_cs_" + UUID.randomUUID();
			this.sessions.put(id, new Session(id, request));
			return id;
		});
		return new Checkout(sessionId, redirectUrl(sessionId));
	}

	/**
	 * Submits the card form of a checkout. A paid session stays paid: paying it again returns its
	 * outcome unchanged. A failed attempt may be followed by another card.
	 * @param sessionId the session
	 * @param cardNumber the card number; spaces are ignored
	 * @param saveCard whether to save the card for off-session charges
	 * @return the session's outcome
	 * @throws UnknownCheckoutSessionException if there is no such session
	 */
	public PaymentOutcome pay(String sessionId, String cardNumber, boolean saveCard) {
		Session session = session(sessionId);
		Card card = Card.of(cardNumber);
		synchronized (session) {
			if (session.status == PaymentStatus.SUCCEEDED) {
				return session.outcome();
			}
			if (saveCard && card != Card.INVALID) {
				session.savedPaymentMethod = save(session.request.customer(), card);
			}
			if (card.failureReason == null) {
				session.status = PaymentStatus.SUCCEEDED;
				session.paymentReference = newPaymentReference();
				session.failureReason = null;
			}
			else {
				session.status = PaymentStatus.FAILED;
				session.failureReason = card.failureReason;
			}
			return session.outcome();
		}
	}

	@Override
	public Optional<PaymentOutcome> outcome(String sessionId) {
		Session session = this.sessions.get(sessionId);
		if (session == null) {
			return Optional.empty();
		}
		synchronized (session) {
			return Optional.of(session.outcome());
		}
	}

	/**
	 * The checkout a session was started for, for the card form to show.
	 * @param sessionId the session
	 * @return the request
	 * @throws UnknownCheckoutSessionException if there is no such session
	 */
	public CheckoutRequest checkout(String sessionId) {
		return session(sessionId).request;
	}

	/**
	 * The cards a customer saved.
	 * @param customer the customer's external id
	 * @return the saved payment methods' references, sorted
	 */
	public Set<String> savedPaymentMethods(String customer) {
		Set<String> saved = this.savedPaymentMethods.get(customer);
		if (saved == null) {
			return Set.of();
		}
		synchronized (saved) {
			return Collections.unmodifiableSet(new TreeSet<>(saved));
		}
	}

	/**
	 * Charges a saved card: it succeeds or fails the way the card does at the checkout. A retried
	 * idempotency key returns the first charge's outcome (the same payment reference), as Stripe
	 * does.
	 */
	@Override
	public PaymentOutcome chargeOffSession(OffSessionCharge charge) {
		Objects.requireNonNull(charge, "charge");
		if (charge.idempotencyKey() == null || charge.idempotencyKey().isBlank()) {
			throw new InvalidRequestException("idempotencyKey", "is required");
		}
		PaymentOutcome outcome = this.offSessionCharges.computeIfAbsent(charge.idempotencyKey(),
				(key) -> charge(charge));
		if (!outcome.customer().equals(charge.customer()) || outcome.amount().compareTo(charge.amount()) != 0
				|| !outcome.currency().equals(charge.currency())) {
			throw new InvalidRequestException("idempotencyKey",
					"'" + charge.idempotencyKey() + "' was used for another charge");
		}
		return outcome;
	}

	private PaymentOutcome charge(OffSessionCharge charge) {
		Card card = savedPaymentMethods(charge.customer()).contains(charge.paymentMethod())
				? Card.ofPaymentMethod(charge.paymentMethod()) : null;
		String failure = (card != null) ? card.failureReason : UNKNOWN_PAYMENT_METHOD_REASON;
		return new PaymentOutcome(charge.idempotencyKey(), charge.customer(),
				(failure != null) ? PaymentStatus.FAILED : PaymentStatus.SUCCEEDED,
				(failure != null) ? null : newPaymentReference(), charge.amount(), charge.currency(),
				charge.paymentMethod(), failure);
	}

	private String save(String customer, Card card) {
		Set<String> saved = this.savedPaymentMethods.computeIfAbsent(customer, (c) -> new TreeSet<>());
		synchronized (saved) {
			saved.add(card.paymentMethod());
		}
		return card.paymentMethod();
	}

	private Session session(String sessionId) {
		Session session = (sessionId != null) ? this.sessions.get(sessionId) : null;
		if (session == null) {
			throw new UnknownCheckoutSessionException(String.valueOf(sessionId));
		}
		return session;
	}

	private String redirectUrl(String sessionId) {
		return this.checkoutPage + (this.checkoutPage.contains("?") ? "&" : "?") + "session=" + sessionId;
	}

	private static String newPaymentReference() {
		return "test_pi_" + UUID.randomUUID();
	}

	private enum Card {

		SUCCEEDS(TestPaymentProvider.SUCCEEDS, null),

		DECLINED(TestPaymentProvider.DECLINED, DECLINED_REASON),

		INSUFFICIENT_FUNDS(TestPaymentProvider.INSUFFICIENT_FUNDS, INSUFFICIENT_FUNDS_REASON),

		INVALID("", INVALID_REASON);

		private final String digits;

		private final @Nullable String failureReason;

		Card(String number, @Nullable String failureReason) {
			this.digits = number.replace(" ", "");
			this.failureReason = failureReason;
		}

		String paymentMethod() {
			return "test_pm_" + this.digits.substring(this.digits.length() - 4);
		}

		static Card of(@Nullable String number) {
			String digits = (number != null) ? number.replaceAll("\\s", "") : "";
			for (Card card : values()) {
				if (card != INVALID && card.digits.equals(digits)) {
					return card;
				}
			}
			return INVALID;
		}

		static @Nullable Card ofPaymentMethod(String paymentMethod) {
			for (Card card : values()) {
				if (card != INVALID && card.paymentMethod().equals(paymentMethod)) {
					return card;
				}
			}
			return null;
		}

	}

	private static final class Session {

		private final String id;

		private final CheckoutRequest request;

		private PaymentStatus status = PaymentStatus.PENDING;

		private @Nullable String paymentReference;

		private @Nullable String savedPaymentMethod;

		private @Nullable String failureReason;

		Session(String id, CheckoutRequest request) {
			this.id = id;
			this.request = request;
		}

		PaymentOutcome outcome() {
			return new PaymentOutcome(this.id, this.request.customer(), this.status, this.paymentReference,
					this.request.amount(), this.request.currency(), this.savedPaymentMethod, this.failureReason);
		}

	}

}

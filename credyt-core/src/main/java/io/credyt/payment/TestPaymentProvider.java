package io.credyt.payment;

import java.nio.charset.StandardCharsets;
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
 * The built-in payment provider for development: no money moves. Checkouts and the cards saved at
 * them are kept in a {@link TestCheckoutStore} (in memory, or on the ledger's database so that any
 * instance can finish a checkout) and paid through a local card form (at {@code checkoutPage})
 * with Stripe's test cards:
 * <ul>
 * <li>{@value #SUCCEEDS} succeeds;</li>
 * <li>{@value #DECLINED} is declined ({@value #DECLINED_REASON});</li>
 * <li>{@value #INSUFFICIENT_FUNDS} fails for insufficient funds
 * ({@value #INSUFFICIENT_FUNDS_REASON});</li>
 * <li>any other number is invalid ({@value #INVALID_REASON}).</li>
 * </ul>
 * A recognised card can be saved even when its payment fails, so that the failure of an
 * off-session charge (auto top-up) can be tried out: a saved card charges off-session the way it
 * pays at the checkout. A payment this provider took can be refunded, as often and as much as
 * asked: nothing checks the amount against the payment's. Thread-safe.
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

	static final String UNKNOWN_PAYMENT_REASON = "No such payment.";

	private static final String PAYMENT_REFERENCE_PREFIX = "test_pi_";

	private final String checkoutPage;

	private final TestCheckoutStore store;

	// a retried off-session charge is answered from here; retried on another instance it gets the
	// same payment reference (made from the key), so it is credited once all the same
	private final Map<String, PaymentOutcome> offSessionCharges = new ConcurrentHashMap<>();

	/**
	 * Creates the provider; outside this package, {@link #forMode} is the way in, so the live-mode
	 * check cannot be skipped.
	 * @param checkoutPage the path (or URL) of the card form; the redirect URL adds
	 * {@code ?session=<id>}, e.g. {@code /billing/test-checkout}
	 */
	TestPaymentProvider(String checkoutPage) {
		this(checkoutPage, TestCheckoutStore.inMemory());
	}

	TestPaymentProvider(String checkoutPage, TestCheckoutStore store) {
		if (checkoutPage == null || checkoutPage.isBlank()) {
			throw new IllegalArgumentException("The test checkout page path is required");
		}
		this.checkoutPage = checkoutPage;
		this.store = Objects.requireNonNull(store, "store");
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
		return forMode(liveModeConfigured, checkoutPage, TestCheckoutStore.inMemory());
	}

	/**
	 * Creates the provider on a store of its own choosing, unless a live payment mode is
	 * configured.
	 * @param liveModeConfigured whether a live payment mode (e.g. a live Stripe key) is configured
	 * @param checkoutPage the path of the card form
	 * @param store where checkouts and saved cards are kept
	 * @return the provider
	 * @throws IllegalStateException if a live mode is configured
	 */
	public static TestPaymentProvider forMode(boolean liveModeConfigured, String checkoutPage,
			TestCheckoutStore store) {
		if (liveModeConfigured) {
			throw new IllegalStateException("The test payment provider credits top-ups without taking money, "
					+ "so it refuses to run when a live payment mode is configured; "
					+ "remove the live key or use the live provider");
		}
		return new TestPaymentProvider(checkoutPage, store);
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
		String sessionId = this.store.create("test_cs_" + UUID.randomUUID(), key, request).id();
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
		TestCheckoutSession session = session(sessionId);
		if (session.status() == PaymentStatus.SUCCEEDED) {
			return session.outcome();
		}
		Card card = Card.of(cardNumber);
		String saved = null;
		if (saveCard && card != Card.INVALID) {
			saved = card.paymentMethod();
			this.store.saveCard(session.request().customer(), saved);
		}
		boolean succeeds = card.failureReason == null;
		// the store keeps a paid session paid, when it is paid on two instances at once
		return this.store
			.settle(session.id(), succeeds ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED,
					succeeds ? newPaymentReference() : null, card.failureReason, saved)
			.outcome();
	}

	@Override
	public Optional<PaymentOutcome> outcome(String sessionId) {
		if (sessionId == null) {
			return Optional.empty();
		}
		return this.store.find(sessionId).map(TestCheckoutSession::outcome);
	}

	/**
	 * The checkout a session was started for, for the card form to show.
	 * @param sessionId the session
	 * @return the request
	 * @throws UnknownCheckoutSessionException if there is no such session
	 */
	public CheckoutRequest checkout(String sessionId) {
		return session(sessionId).request();
	}

	/**
	 * The cards a customer saved.
	 * @param customer the customer's external id
	 * @return the saved payment methods' references, sorted
	 */
	public Set<String> savedPaymentMethods(String customer) {
		return Collections.unmodifiableSet(new TreeSet<>(this.store.savedCards(customer)));
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
				(failure != null) ? null : paymentReference(charge.idempotencyKey()), charge.amount(), charge.currency(),
				charge.paymentMethod(), failure);
	}

	/**
	 * Refunds a payment this provider took, at a checkout or off-session; no money moves. The
	 * refund's reference is made from the idempotency key alone, so a retried refund is the same
	 * refund on whichever instance it is retried, without either remembering it. A payment
	 * reference this provider never issued fails ({@value #UNKNOWN_PAYMENT_REASON}).
	 */
	@Override
	public RefundOutcome refund(RefundRequest request) {
		Objects.requireNonNull(request, "request");
		if (request.idempotencyKey() == null || request.idempotencyKey().isBlank()) {
			throw new InvalidRequestException("idempotencyKey", "is required");
		}
		if (request.amount() == null || request.amount().signum() <= 0) {
			throw new InvalidRequestException("amount", "must be positive, was " + request.amount());
		}
		if (!issued(request.paymentReference())) {
			return RefundOutcome.failed(UNKNOWN_PAYMENT_REASON);
		}
		return RefundOutcome.succeeded("re_test_" + nameUuid(request.idempotencyKey()));
	}

	private TestCheckoutSession session(@Nullable String sessionId) {
		return ((sessionId != null) ? this.store.find(sessionId) : Optional.<TestCheckoutSession>empty())
			.orElseThrow(() -> new UnknownCheckoutSessionException(String.valueOf(sessionId)));
	}

	private String redirectUrl(String sessionId) {
		return this.checkoutPage + (this.checkoutPage.contains("?") ? "&" : "?") + "session=" + sessionId;
	}

	private static String newPaymentReference() {
		return PAYMENT_REFERENCE_PREFIX + UUID.randomUUID();
	}

	private static String paymentReference(String idempotencyKey) {
		return PAYMENT_REFERENCE_PREFIX + nameUuid(idempotencyKey);
	}

	private static UUID nameUuid(String name) {
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Whether a payment reference is one {@link #newPaymentReference()} (a random UUID, version 4)
	 * or {@link #paymentReference(String)} (a name-based UUID, version 3) made: the references
	 * themselves say so, where no memory shared by the instances could.
	 */
	private static boolean issued(@Nullable String paymentReference) {
		if (paymentReference == null || !paymentReference.startsWith(PAYMENT_REFERENCE_PREFIX)) {
			return false;
		}
		String text = paymentReference.substring(PAYMENT_REFERENCE_PREFIX.length());
		try {
			UUID uuid = UUID.fromString(text);
			// fromString accepts shortened groups ("1-2-3-4-5"); a reference made here is canonical
			return uuid.toString().equals(text) && uuid.variant() == 2 && (uuid.version() == 3 || uuid.version() == 4);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
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

}

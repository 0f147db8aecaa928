package io.credyt.stripe;

import java.util.Locale;
import java.util.Optional;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import io.credyt.payment.Checkout;
import io.credyt.payment.CheckoutRequest;
import io.credyt.payment.OffSessionCharge;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.RefundOutcome;
import io.credyt.payment.RefundRequest;
import org.jspecify.annotations.Nullable;

/**
 * Top-ups through Stripe Checkout, auto top-ups as off-session PaymentIntents on the card a
 * checkout saved, and refunds of either PaymentIntent.
 * <p>
 * Every Stripe object created carries our customer in its {@code credyt_customer} metadata; a
 * checkout session also in {@code client_reference_id}. The PaymentIntent id is the payment
 * reference, which the ledger uses as the top-up's idempotency key, so the return path and the
 * webhook for the same payment credit once.
 */
public class StripePaymentProvider implements PaymentProvider {

	static final String PRODUCT_NAME = "Balance top-up";

	/** Stripe refuses longer idempotency keys. */
	private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

	private final StripeClient stripe;

	private final boolean live;

	private final StripeCustomerMapping customers;

	/**
	 * A provider on Stripe's API with the given key, remembering Stripe customers in memory (one
	 * instance only, see {@link StripeCustomerMapping}).
	 * @param secretKey the secret key ({@code sk_test_…} or {@code sk_live_…})
	 */
	public StripePaymentProvider(String secretKey) {
		this(secretKey, new InMemoryStripeCustomerMapping());
	}

	/**
	 * A provider on Stripe's API with the given key.
	 * @param secretKey the secret key ({@code sk_test_…} or {@code sk_live_…})
	 * @param customers where Stripe customers are remembered
	 */
	public StripePaymentProvider(String secretKey, StripeCustomerMapping customers) {
		this(StripeClient.builder().setApiKey(secretKey).build(), isLiveKey(secretKey), customers);
	}

	/**
	 * A provider on a client built by the caller (timeouts, retries, proxy, API base).
	 * @param stripe the client
	 * @param live whether the client's key is a live key, see {@link #isLiveKey(String)}
	 * @param customers where Stripe customers are remembered
	 */
	public StripePaymentProvider(StripeClient stripe, boolean live, StripeCustomerMapping customers) {
		this.stripe = stripe;
		this.live = live;
		this.customers = customers;
	}

	/**
	 * Whether a Stripe key moves real money: a live secret key, or a live restricted key.
	 * @param key the key
	 * @return whether it is a live key
	 */
	public static boolean isLiveKey(String key) {
		return key.startsWith("sk_live_") || key.startsWith("rk_live_");
	}

	@Override
	public String name() {
		return "stripe";
	}

	@Override
	public boolean live() {
		return this.live;
	}

	/**
	 * Where this provider remembers which Stripe customer stands for which of ours.
	 * @return the mapping
	 */
	public StripeCustomerMapping customerMapping() {
		return this.customers;
	}

	@Override
	public Checkout startCheckout(CheckoutRequest request) {
		long unitAmount = MinorUnits.of(request.amount(), request.currency());
		String stripeCustomer = stripeCustomerFor(request.customer());
		SessionCreateParams.PaymentIntentData.Builder paymentIntentData = SessionCreateParams.PaymentIntentData.builder()
			.putMetadata(CheckoutSessions.CUSTOMER_METADATA, request.customer());
		if (request.savePaymentMethod()) {
			paymentIntentData.setSetupFutureUsage(SessionCreateParams.PaymentIntentData.SetupFutureUsage.OFF_SESSION);
		}
		SessionCreateParams params = SessionCreateParams.builder()
			.setMode(SessionCreateParams.Mode.PAYMENT)
			.addLineItem(SessionCreateParams.LineItem.builder()
				.setQuantity(1L)
				.setPriceData(SessionCreateParams.LineItem.PriceData.builder()
					.setCurrency(request.currency().toLowerCase(Locale.ROOT))
					.setUnitAmount(unitAmount)
					.setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
						.setName((request.description() != null) ? request.description() : PRODUCT_NAME)
						.build())
					.build())
				.build())
			.setSuccessUrl(withSessionId(request.successUrl()))
			.setCancelUrl(request.cancelUrl())
			.setClientReferenceId(request.customer())
			.setCustomer(stripeCustomer)
			.putMetadata(CheckoutSessions.CUSTOMER_METADATA, request.customer())
			.setPaymentIntentData(paymentIntentData.build())
			.build();
		try {
			Session session = this.stripe.v1().checkout().sessions().create(params, idempotent(request.idempotencyKey()));
			return new Checkout(session.getId(), session.getUrl());
		}
		catch (StripeException ex) {
			throw new StripeApiException("checkout session creation", ex);
		}
	}

	@Override
	public Optional<PaymentOutcome> outcome(String sessionId) {
		SessionRetrieveParams params = SessionRetrieveParams.builder().addExpand("payment_intent").build();
		try {
			return CheckoutSessions.outcome(this.stripe.v1().checkout().sessions().retrieve(sessionId, params));
		}
		catch (InvalidRequestException ex) {
			if ("resource_missing".equals(ex.getCode())) {
				return Optional.empty();
			}
			throw new StripeApiException("checkout session retrieval", ex);
		}
		catch (StripeException ex) {
			throw new StripeApiException("checkout session retrieval", ex);
		}
	}

	@Override
	public PaymentOutcome chargeOffSession(OffSessionCharge charge) {
		long amount = MinorUnits.of(charge.amount(), charge.currency());
		String currency = charge.currency().toUpperCase(Locale.ROOT);
		Optional<String> stripeCustomer = this.customers.stripeCustomer(charge.customer());
		if (stripeCustomer.isEmpty()) {
			return failed(charge, currency, null,
					"No Stripe customer is known for this customer, so its saved card cannot be charged.");
		}
		PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
			.setAmount(amount)
			.setCurrency(currency.toLowerCase(Locale.ROOT))
			.setCustomer(stripeCustomer.get())
			.setPaymentMethod(charge.paymentMethod())
			.setOffSession(true)
			.setConfirm(true)
			.putMetadata(CheckoutSessions.CUSTOMER_METADATA, charge.customer())
			.build();
		try {
			PaymentIntent paymentIntent = this.stripe.v1()
				.paymentIntents()
				.create(params, idempotent(charge.idempotencyKey()));
			return outcomeOf(charge, currency, paymentIntent);
		}
		catch (CardException ex) {
			StripeError error = ex.getStripeError();
			PaymentIntent paymentIntent = (error != null) ? error.getPaymentIntent() : null;
			String message = (error != null && error.getMessage() != null) ? error.getMessage() : ex.getMessage();
			return failed(charge, currency, (paymentIntent != null) ? paymentIntent.getId() : null, message);
		}
		catch (StripeException ex) {
			throw new StripeApiException("off-session charge", ex);
		}
	}

	/**
	 * Refunds part or all of a PaymentIntent. Stripe's refusal (already refunded, more than is left,
	 * a card error) is a failed outcome with Stripe's message; Stripe unreachable or answering with
	 * a server, authentication or rate-limit error is a {@link StripeApiException}, after which the
	 * same request (the same idempotency key) may be retried and refunds once.
	 */
	@Override
	public RefundOutcome refund(RefundRequest request) {
		long amount = MinorUnits.of(request.amount(), request.currency());
		// without a key a retry after a lost answer could refund twice
		String idempotencyKey = io.credyt.InvalidRequestException.requireText(request.idempotencyKey(),
				"idempotencyKey", MAX_IDEMPOTENCY_KEY_LENGTH);
		RefundCreateParams params = RefundCreateParams.builder()
			.setPaymentIntent(request.paymentReference())
			.setAmount(amount)
			.putMetadata(CheckoutSessions.CUSTOMER_METADATA, request.customer())
			.build();
		try {
			return outcomeOf(this.stripe.v1().refunds().create(params, idempotent(idempotencyKey)));
		}
		catch (InvalidRequestException | CardException ex) {
			StripeError error = ex.getStripeError();
			return RefundOutcome
				.failed((error != null && error.getMessage() != null) ? error.getMessage() : ex.getMessage());
		}
		catch (StripeException ex) {
			throw new StripeApiException("refund", ex);
		}
	}

	private static RefundOutcome outcomeOf(Refund refund) {
		String status = String.valueOf(refund.getStatus());
		switch (status) {
			case "succeeded":
			case "pending":
				// pending: Stripe has taken the refund and the card network has yet to confirm it
				return RefundOutcome.succeeded(refund.getId());
			case "requires_action":
				return RefundOutcome.failed("Stripe refund " + refund.getId()
						+ " needs the customer to act before the money can be sent back (requires_action).");
			default:
				// failed or canceled (or a status Stripe adds later: not money known to be on its way)
				String reason = (refund.getFailureReason() != null) ? ": " + refund.getFailureReason() : "";
				return RefundOutcome.failed("Stripe refund " + refund.getId() + " " + status + reason + ".");
		}
	}

	private PaymentOutcome outcomeOf(OffSessionCharge charge, String currency, PaymentIntent paymentIntent) {
		switch (paymentIntent.getStatus()) {
			case "succeeded":
				return new PaymentOutcome(charge.idempotencyKey(), charge.customer(), PaymentStatus.SUCCEEDED,
						paymentIntent.getId(), charge.amount(), currency, charge.paymentMethod(), null);
			case "processing":
				return new PaymentOutcome(charge.idempotencyKey(), charge.customer(), PaymentStatus.PENDING,
						paymentIntent.getId(), charge.amount(), currency, charge.paymentMethod(), null);
			default:
				// requires_action (the bank wants the customer present) or requires_payment_method
				StripeError error = paymentIntent.getLastPaymentError();
				String reason = (error != null && error.getMessage() != null) ? error.getMessage()
						: "The payment needs the customer to be present (" + paymentIntent.getStatus() + ").";
				return failed(charge, currency, paymentIntent.getId(), reason);
		}
	}

	private static PaymentOutcome failed(OffSessionCharge charge, String currency, @Nullable String paymentIntent,
			String reason) {
		return new PaymentOutcome(charge.idempotencyKey(), charge.customer(), PaymentStatus.FAILED, paymentIntent,
				charge.amount(), currency, null, reason);
	}

	private String stripeCustomerFor(String customer) {
		Optional<String> known = this.customers.stripeCustomer(customer);
		if (known.isPresent()) {
			return known.get();
		}
		CustomerCreateParams params = CustomerCreateParams.builder()
			.putMetadata(CheckoutSessions.CUSTOMER_METADATA, customer)
			.build();
		try {
			// Stripe keeps idempotency keys for 24 hours: retries and concurrent first checkouts
			// within that window get the same Stripe customer.
			Customer created = this.stripe.v1().customers().create(params, idempotent("credyt-customer-" + customer));
			return this.customers.mapIfAbsent(customer, created.getId());
		}
		catch (StripeException ex) {
			throw new StripeApiException("customer creation", ex);
		}
	}

	private static RequestOptions idempotent(String idempotencyKey) {
		return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
	}

	/** Stripe replaces the literal {@code {CHECKOUT_SESSION_ID}} with the session's id. */
	static String withSessionId(String successUrl) {
		int fragment = successUrl.indexOf('#');
		String base = (fragment >= 0) ? successUrl.substring(0, fragment) : successUrl;
		String rest = (fragment >= 0) ? successUrl.substring(fragment) : "";
		String separator = base.contains("?") ? "&" : "?";
		return base + separator + "session_id={CHECKOUT_SESSION_ID}" + rest;
	}

}

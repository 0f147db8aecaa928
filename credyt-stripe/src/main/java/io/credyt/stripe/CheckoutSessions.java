package io.credyt.stripe;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentStatus;
import org.jspecify.annotations.Nullable;

/**
 * What a Checkout Session says about a top-up: the one mapping shared by the return path
 * ({@link StripePaymentProvider#outcome}) and the webhooks ({@link StripeWebhooks}).
 */
final class CheckoutSessions {

	/** Metadata key naming our customer on every Stripe object we create. */
	static final String CUSTOMER_METADATA = "credyt_customer";

	private CheckoutSessions() {
	}

	/**
	 * The outcome of a session, empty when the session is not one of ours (no
	 * {@value #CUSTOMER_METADATA} metadata): the application may use Stripe Checkout for other
	 * things too, and those must never be credited.
	 */
	static Optional<PaymentOutcome> outcome(Session session) {
		String customer = customerOf(session);
		if (customer == null || session.getAmountTotal() == null || session.getCurrency() == null) {
			return Optional.empty();
		}
		PaymentStatus status = statusOf(session);
		PaymentIntent paymentIntent = session.getPaymentIntentObject();
		String savedPaymentMethod = null;
		if (status == PaymentStatus.SUCCEEDED && paymentIntent != null
				&& "off_session".equals(paymentIntent.getSetupFutureUsage())) {
			savedPaymentMethod = paymentIntent.getPaymentMethod();
		}
		String failureReason = null;
		if (status == PaymentStatus.FAILED) {
			failureReason = failureReasonOf(session, paymentIntent);
		}
		String currency = session.getCurrency().toUpperCase(Locale.ROOT);
		return Optional.of(new PaymentOutcome(session.getId(), customer, status, session.getPaymentIntent(),
				MinorUnits.toMajor(session.getAmountTotal(), currency), currency, savedPaymentMethod, failureReason));
	}

	private static @Nullable String customerOf(Session session) {
		Map<String, String> metadata = session.getMetadata();
		return (metadata != null) ? metadata.get(CUSTOMER_METADATA) : null;
	}

	private static PaymentStatus statusOf(Session session) {
		if ("paid".equals(session.getPaymentStatus())) {
			return PaymentStatus.SUCCEEDED;
		}
		// "complete" + "unpaid" is an asynchronous method (a bank debit) still on its way; its
		// end arrives as checkout.session.async_payment_succeeded or _failed.
		if ("expired".equals(session.getStatus())) {
			return PaymentStatus.FAILED;
		}
		return PaymentStatus.PENDING;
	}

	private static String failureReasonOf(Session session, @Nullable PaymentIntent paymentIntent) {
		if (paymentIntent != null && paymentIntent.getLastPaymentError() != null
				&& paymentIntent.getLastPaymentError().getMessage() != null) {
			return paymentIntent.getLastPaymentError().getMessage();
		}
		return "expired".equals(session.getStatus()) ? "The checkout session expired before it was paid."
				: "The payment failed.";
	}

}

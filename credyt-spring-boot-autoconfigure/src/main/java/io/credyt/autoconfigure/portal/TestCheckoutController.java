package io.credyt.autoconfigure.portal;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.money.Money;
import io.credyt.payment.CheckoutRequest;
import io.credyt.payment.PaymentDeclinedException;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.payment.TopUps;
import io.credyt.payment.UnknownCheckoutSessionException;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.Subscriptions;

/**
 * The test payment provider's card form, at {@code credyt.payments.test-checkout-path}: clearly
 * marked as test mode, it takes Stripe's test cards. A paid checkout sends the customer to its
 * success URL with {@code session_id}; a failed one is recorded (through {@link TopUps}, or
 * {@link Subscriptions} for a plan's first fee) and the form shows why, with a way back. A plan's
 * checkout always saves the card, which pays the renewals. Answers 404 unless the payment
 * provider is the test one.
 */
@Controller
@RequestMapping("${credyt.payments.test-checkout-path:/billing/test-checkout}")
public class TestCheckoutController {

	/** The test cards the form lists. */
	static final List<TestCard> CARDS = List.of(new TestCard(TestPaymentProvider.SUCCEEDS, "Succeeds"),
			new TestCard(TestPaymentProvider.DECLINED, "Declined"),
			new TestCard(TestPaymentProvider.INSUFFICIENT_FUNDS, "Insufficient funds"));

	private final PaymentProvider provider;

	private final TopUps topUps;

	private final ObjectProvider<Subscriptions> subscriptions;

	private final Catalog catalog;

	private final Brand brand;

	private final String checkoutPath;

	TestCheckoutController(PaymentProvider provider, TopUps topUps, ObjectProvider<Subscriptions> subscriptions,
			Catalog catalog, Brand brand, String checkoutPath) {
		this.provider = provider;
		this.topUps = topUps;
		this.subscriptions = subscriptions;
		this.catalog = catalog;
		this.brand = brand;
		this.checkoutPath = checkoutPath;
	}

	/**
	 * The card form of a checkout.
	 * @param session the checkout session
	 * @param model the model
	 * @param response the response
	 * @return the view
	 */
	@GetMapping
	String form(@RequestParam(name = "session", required = false) @Nullable String session, Model model,
			HttpServletResponse response) {
		CheckoutRequest checkout = testProvider().checkout(session);
		String plan = plan(session, checkout);
		prepare(model, response, session, checkout, plan, checkout.savePaymentMethod() || plan != null, null);
		return "credyt/checkout/checkout";
	}

	/**
	 * Pays a checkout with a test card.
	 * @param session the checkout session
	 * @param cardNumber the card number
	 * @param saveCard whether to save the card for auto top-up
	 * @param model the model
	 * @param response the response
	 * @return a redirect to the success URL, or the form with the reason of the failure
	 */
	@PostMapping
	Object pay(@RequestParam(name = "session", required = false) @Nullable String session,
			@RequestParam(name = "cardNumber", required = false) @Nullable String cardNumber,
			@RequestParam(name = "saveCard", defaultValue = "false") boolean saveCard, Model model,
			HttpServletResponse response) {
		TestPaymentProvider test = testProvider();
		CheckoutRequest checkout = test.checkout(session);
		String plan = plan(session, checkout);
		// a plan's renewals are charged to the card its first fee was paid with
		boolean save = saveCard || plan != null;
		PaymentOutcome outcome = test.pay(session, (cardNumber != null) ? cardNumber : "", save);
		if (outcome.status() == PaymentStatus.SUCCEEDED) {
			return new SeeOther(UriComponentsBuilder.fromUriString(checkout.successUrl())
				.replaceQueryParam("session_id", outcome.sessionId())
				.build()
				.toUriString());
		}
		String reason = (outcome.failureReason() != null) ? outcome.failureReason() : "The payment failed.";
		try {
			// records the failed payment, which the portal lists
			if (plan != null) {
				this.subscriptions.getObject().completeCheckout(outcome.sessionId());
			}
			else {
				this.topUps.complete(outcome.sessionId());
			}
		}
		catch (PaymentDeclinedException ex) {
			reason = ex.reason();
		}
		prepare(model, response, session, checkout, plan, save, reason);
		response.setStatus(HttpStatus.PAYMENT_REQUIRED.value());
		return "credyt/checkout/checkout";
	}

	@ExceptionHandler(UnknownCheckoutSessionException.class)
	ModelAndView unknownSession(HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		ModelAndView view = new ModelAndView("credyt/checkout/not-found", HttpStatus.NOT_FOUND);
		view.addObject("brand", this.brand);
		return view;
	}

	private TestPaymentProvider testProvider() {
		if (this.provider instanceof TestPaymentProvider test) {
			return test;
		}
		// payments go through a real provider: there is no test card form
		throw new UnknownCheckoutSessionException("(the test payment provider is not in use)");
	}

	/**
	 * The name of the plan a checkout was started for, or {@code null} for a top-up's checkout.
	 */
	private @Nullable String plan(@Nullable String session, CheckoutRequest checkout) {
		Subscriptions subscriptions = this.subscriptions.getIfAvailable();
		if (subscriptions == null || session == null || !subscriptions.isSubscriptionCheckout(session)) {
			return null;
		}
		String code = subscriptions.subscription(checkout.customer()).map(Subscription::plan).orElse(null);
		return subscriptions.plan(code).map(SubscriptionPlan::name).orElse("a plan");
	}

	private void prepare(Model model, HttpServletResponse response, @Nullable String session,
			CheckoutRequest checkout, @Nullable String plan, boolean saveCard, @Nullable String error) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		model.addAttribute("brand", this.brand);
		model.addAttribute("checkoutPath", this.checkoutPath);
		model.addAttribute("checkoutSession", session);
		model.addAttribute("amount",
				PortalPages.money(checkout.amount(), checkout.currency(), this.catalog, Money.PRICE_DISPLAY));
		model.addAttribute("plan", plan);
		model.addAttribute("saveCard", saveCard);
		model.addAttribute("cancelUrl", checkout.cancelUrl());
		model.addAttribute("cards", CARDS);
		if (error != null) {
			model.addAttribute("error", error);
		}
	}

	/**
	 * A test card the form lists.
	 *
	 * @param number the card number
	 * @param outcome what paying with it does
	 */
	public record TestCard(String number, String outcome) {
	}

}

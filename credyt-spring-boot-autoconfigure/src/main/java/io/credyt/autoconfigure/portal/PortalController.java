package io.credyt.autoconfigure.portal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.servlet.view.RedirectView;

import io.credyt.InvalidRequestException;
import io.credyt.adjust.ActionConflictException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.UnknownPlanException;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.money.Money;
import io.credyt.payment.AutoTopUpSettings;
import io.credyt.payment.AutoTopUps;
import io.credyt.payment.Checkout;
import io.credyt.payment.PaymentDeclinedException;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TopUpResult;
import io.credyt.payment.TopUps;
import io.credyt.payment.UnknownCheckoutSessionException;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStateException;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;
import io.credyt.subscription.UnknownSubscriptionException;

/**
 * The billing portal's pages, under {@code credyt.portal.path}:
 * <ul>
 * <li>{@code GET /session?token=…} opens a portal link: the portal session becomes the link's
 * customer, and the browser is sent to the portal;</li>
 * <li>{@code GET} the portal itself;</li>
 * <li>{@code POST /top-up} starts a top-up checkout, {@code GET /top-up/return} credits it when
 * the payment provider sends the customer back;</li>
 * <li>{@code POST /auto-top-up} saves the auto top-up settings;</li>
 * <li>with plans declared, {@code POST /plan/checkout} subscribes paying the first fee at a
 * checkout, {@code GET /plan/return} activates the subscription when the payment provider sends
 * the customer back, {@code POST /plan/wallet} subscribes paying from the balance, and
 * {@code POST /plan/change}, {@code /plan/cancel} and {@code /plan/reactivate} change the
 * subscription the form names, which must be the customer's.</li>
 * </ul>
 * Every page needs a portal session; without one (or with someone else signed in) the answer is a
 * 401 page that shows nothing about any customer.
 */
@Controller
@RequestMapping("${credyt.portal.path:/billing/portal}")
public class PortalController {

	/** The flash attribute of a confirmation. */
	static final String FLASH = "flash";

	/** The flash attribute of a refusal or failure. */
	static final String ERROR = "error";

	/** Opens the portal for the signed-in customer, under the portal's path. */
	static final String REOPEN_PATH = "/open";

	/** Where a plan's checkout sends the customer back, under the portal's path. */
	static final String PLAN_RETURN_PATH = "/plan/return";

	private static final Log logger = LogFactory.getLog(PortalController.class);

	private final PortalLinks links;

	private final UsedPortalLinks usedLinks;

	private final PortalSessions sessions;

	private final PortalPages pages;

	private final ObjectProvider<TopUps> topUps;

	private final ObjectProvider<PaymentStore> paymentStore;

	private final ObjectProvider<AutoTopUps> autoTopUps;

	private final ObjectProvider<Subscriptions> subscriptions;

	private final ObjectProvider<PaymentProvider> provider;

	private final Catalog catalog;

	private final Brand brand;

	private final String path;

	private final String returnUrl;

	PortalController(PortalLinks links, UsedPortalLinks usedLinks, PortalSessions sessions, PortalPages pages,
			ObjectProvider<TopUps> topUps, ObjectProvider<PaymentStore> paymentStore,
			ObjectProvider<AutoTopUps> autoTopUps, ObjectProvider<Subscriptions> subscriptions,
			ObjectProvider<PaymentProvider> provider, Catalog catalog, Brand brand, String path, String returnUrl) {
		this.links = links;
		this.usedLinks = usedLinks;
		this.sessions = sessions;
		this.pages = pages;
		this.topUps = topUps;
		this.paymentStore = paymentStore;
		this.autoTopUps = autoTopUps;
		this.subscriptions = subscriptions;
		this.provider = provider;
		this.catalog = catalog;
		this.brand = brand;
		this.path = path;
		this.returnUrl = returnUrl;
	}

	@ModelAttribute
	void common(Model model, HttpServletResponse response) {
		model.addAttribute("brand", this.brand);
		model.addAttribute("returnUrl", this.returnUrl);
		privatePage(response);
	}

	/**
	 * Opens a portal link, once: a second open of the same link, in any browser and on any
	 * instance, gets the 401 page, so a link handed to someone else opens nothing for them once its
	 * owner used it (and one they open first is then dead for the owner, who notices).
	 * @param token the link's token
	 * @param request the request
	 * @return a redirect to the portal
	 */
	@GetMapping(PortalLinks.SESSION_PATH)
	RedirectView open(@RequestParam(name = PortalLinks.TOKEN_PARAMETER, required = false) @Nullable String token,
			HttpServletRequest request) {
		PortalLinks.Link link = this.links.check(token);
		// refused for someone else signed in before the link is spent
		this.sessions.requireSignedInUserIs(link.customer());
		this.usedLinks.use(link);
		this.sessions.open(request, link.customer());
		return new SeeOther(this.path);
	}

	/**
	 * Opens the portal for the customer the application has signed in, with no link: the way
	 * back from the 401 page when a page's "Manage billing" link has expired while it was open.
	 * The signed-in session is the credential here, as it is for the link the page was given.
	 * @param request the request
	 * @return a redirect to the portal
	 * @throws PortalAccessDeniedException if no customer is signed in
	 */
	@GetMapping(REOPEN_PATH)
	RedirectView reopen(HttpServletRequest request) {
		String customer = this.sessions.signedInCustomer();
		if (customer == null) {
			throw new PortalAccessDeniedException("no signed-in customer to open the portal for");
		}
		this.sessions.open(request, customer);
		return new SeeOther(this.path);
	}

	/**
	 * The portal.
	 * @param usagePage which page of the usage history
	 * @param transactionsPage which page of the transactions
	 * @param topUp {@code cancelled} when the customer came back from a checkout without paying
	 * @param plan {@code cancelled} when the customer came back from a plan's checkout without
	 * paying
	 * @param request the request
	 * @param model the model
	 * @return the view
	 */
	@GetMapping
	String page(@RequestParam(name = "usagePage", required = false) @Nullable String usagePage,
			@RequestParam(name = "transactionsPage", required = false) @Nullable String transactionsPage,
			@RequestParam(name = "topup", required = false) @Nullable String topUp,
			@RequestParam(name = "plan", required = false) @Nullable String plan, HttpServletRequest request,
			Model model) {
		String customer = this.sessions.customer(request);
		if (!model.containsAttribute(FLASH) && !model.containsAttribute(ERROR)) {
			if ("cancelled".equals(topUp)) {
				model.addAttribute(FLASH, "The top-up was cancelled; nothing was charged.");
			}
			else if ("cancelled".equals(plan)) {
				model.addAttribute(FLASH, "The payment was cancelled; nothing was charged.");
			}
		}
		model.addAttribute("portal", this.pages.page(customer, pageIndex(usagePage), pageIndex(transactionsPage)));
		return "credyt/portal/index";
	}

	/**
	 * Starts a top-up checkout and sends the customer to it.
	 * @param amount the amount typed in
	 * @param preset the preset amount clicked, which wins over a typed amount
	 * @param saveCard whether to save the card for auto top-up
	 * @param idempotencyKey the key the form was rendered with
	 * @param request the request
	 * @param redirect the flash attributes
	 * @return a redirect to the checkout, or back to the portal with the refusal
	 */
	@PostMapping("/top-up")
	RedirectView topUp(@RequestParam(name = "amount", required = false) @Nullable String amount,
			@RequestParam(name = "preset", required = false) @Nullable String preset,
			@RequestParam(name = "saveCard", defaultValue = "false") boolean saveCard,
			@RequestParam(name = "idempotencyKey", required = false) @Nullable String idempotencyKey,
			HttpServletRequest request, RedirectAttributes redirect) {
		String customer = this.sessions.customer(request);
		TopUps topUps = required(this.topUps.getIfAvailable(), "top-ups");
		try {
			BigDecimal value = number("amount", StringUtils.hasText(preset) ? preset : amount);
			String successUrl = absolute(request, this.path + "/top-up/return");
			String cancelUrl = absolute(request, this.path) + "?topup=cancelled";
			Checkout checkout = topUps.start(customer, value, successUrl, cancelUrl, saveCard,
					checkoutKey(customer, idempotencyKey, value, saveCard));
			return new SeeOther(checkout.redirectUrl());
		}
		catch (InvalidRequestException ex) {
			redirect.addFlashAttribute(ERROR, Messages.of(ex));
			return new SeeOther(this.path + "#top-up");
		}
	}

	/**
	 * Credits a checkout when the payment provider sends the customer back.
	 * @param sessionId the checkout session
	 * @param request the request
	 * @param redirect the flash attributes
	 * @return a redirect to the portal, saying what happened
	 */
	@GetMapping("/top-up/return")
	RedirectView topUpReturn(@RequestParam(name = "session_id", required = false) @Nullable String sessionId,
			HttpServletRequest request, RedirectAttributes redirect) {
		String customer = this.sessions.customer(request);
		TopUps topUps = required(this.topUps.getIfAvailable(), "top-ups");
		if (!StringUtils.hasText(sessionId)) {
			throw new PortalNotFoundException("no checkout session");
		}
		if (!customer.equals(payer(sessionId))) {
			throw new PortalAccessDeniedException("the checkout session is another customer's");
		}
		try {
			TopUpResult result = topUps.complete(sessionId);
			CreditGrant credited = (result.topUp() != null) ? result.topUp().grant() : null;
			if (credited != null) {
				redirect.addFlashAttribute(FLASH, "Added "
						+ PortalPages.money(credited.amount(), credited.asset(), this.catalog, Money.PRICE_DISPLAY)
						+ " to your balance.");
			}
			else {
				redirect.addFlashAttribute(FLASH,
						"Your payment is processing. Your balance will be updated when it completes.");
			}
		}
		catch (PaymentDeclinedException ex) {
			redirect.addFlashAttribute(ERROR, ex.reason());
		}
		catch (UnknownCheckoutSessionException ex) {
			throw new PortalNotFoundException("no checkout session " + sessionId);
		}
		return new SeeOther(this.path);
	}

	/**
	 * Saves the auto top-up settings.
	 * @param enabled whether auto top-up is on
	 * @param threshold the balance below which a top-up starts
	 * @param amount what one top-up pays
	 * @param paymentMethod the saved card to charge
	 * @param request the request
	 * @param redirect the flash attributes
	 * @return a redirect to the portal, saying what happened
	 */
	@PostMapping("/auto-top-up")
	RedirectView autoTopUp(@RequestParam(name = "enabled", defaultValue = "false") boolean enabled,
			@RequestParam(name = "threshold", required = false) @Nullable String threshold,
			@RequestParam(name = "amount", required = false) @Nullable String amount,
			@RequestParam(name = "paymentMethod", required = false) @Nullable String paymentMethod,
			HttpServletRequest request, RedirectAttributes redirect) {
		String customer = this.sessions.customer(request);
		AutoTopUps autoTopUps = required(this.autoTopUps.getIfAvailable(), "auto top-up");
		try {
			String card = StringUtils.hasText(paymentMethod) ? paymentMethod : null;
			PaymentStore store = this.paymentStore.getIfAvailable();
			if (card != null && store != null && !store.paymentMethods(customer).contains(card)) {
				throw new InvalidRequestException("paymentMethod", "is not one of your saved cards");
			}
			autoTopUps.configure(customer,
					new AutoTopUpSettings(enabled, number("threshold", threshold), number("amount", amount), card));
			redirect.addFlashAttribute(FLASH, enabled ? "Auto top-up is on." : "Auto top-up is off.");
		}
		catch (InvalidRequestException ex) {
			redirect.addFlashAttribute(ERROR, Messages.of(ex));
		}
		return new SeeOther(this.path + "#auto-top-up");
	}

	/**
	 * Subscribes to a plan paying the first fee at a hosted checkout, which saves the card for the
	 * renewals, and sends the customer to it.
	 * @param plan the plan's code
	 * @param idempotencyKey the key the form was rendered with
	 * @param request the request
	 * @param redirect the flash attributes
	 * @return a redirect to the checkout, or back to the portal with the refusal
	 */
	@PostMapping("/plan/checkout")
	RedirectView subscribeWithCard(@RequestParam(name = "plan", required = false) @Nullable String plan,
			@RequestParam(name = "idempotencyKey", required = false) @Nullable String idempotencyKey,
			HttpServletRequest request, RedirectAttributes redirect) {
		String customer = this.sessions.customer(request);
		Subscriptions subscriptions = required(this.subscriptions.getIfAvailable(), "plans");
		required(this.provider.getIfUnique(), "card payments");
		String code = planCode(plan);
		String successUrl = absolute(request, this.path + PLAN_RETURN_PATH);
		String cancelUrl = absolute(request, this.path) + "?plan=cancelled#plan";
		return planChange(redirect, () -> {
			Checkout checkout = subscriptions.startCheckout(customer, code, successUrl, cancelUrl,
					formKey(idempotencyKey, customer, "checkout", code));
			return new SeeOther(checkout.redirectUrl());
		});
	}

	/**
	 * Activates the subscription a checkout was started for when the payment provider sends the
	 * customer back (at most once, however often the return is opened, and whether or not a
	 * webhook came first).
	 * @param sessionId the checkout session
	 * @param request the request
	 * @param redirect the flash attributes
	 * @return a redirect to the portal's plan section, saying what happened
	 */
	@GetMapping(PLAN_RETURN_PATH)
	RedirectView planReturn(@RequestParam(name = "session_id", required = false) @Nullable String sessionId,
			HttpServletRequest request, RedirectAttributes redirect) {
		String customer = this.sessions.customer(request);
		Subscriptions subscriptions = required(this.subscriptions.getIfAvailable(), "plans");
		if (!StringUtils.hasText(sessionId) || !subscriptions.isSubscriptionCheckout(sessionId)) {
			throw new PortalNotFoundException("no subscription checkout session");
		}
		if (!customer.equals(payer(sessionId))) {
			throw new PortalAccessDeniedException("the checkout session is another customer's");
		}
		try {
			Subscription subscription = subscriptions.completeCheckout(sessionId);
			String name = this.pages.planName(subscription.plan());
			if (subscription.active()) {
				redirect.addFlashAttribute(FLASH, "You're on " + name + "." + renewal(subscription));
			}
			else {
				redirect.addFlashAttribute(FLASH,
						"Your payment is processing. Your " + name + " plan starts when it completes.");
			}
		}
		catch (PaymentDeclinedException ex) {
			redirect.addFlashAttribute(ERROR, ex.reason());
		}
		catch (UnknownCheckoutSessionException ex) {
			throw new PortalNotFoundException("no subscription checkout session " + sessionId);
		}
		return new SeeOther(this.path + "#plan");
	}

	/**
	 * Subscribes to a plan paying the first fee from the balance.
	 * @param plan the plan's code
	 * @param idempotencyKey the key the form was rendered with
	 * @param request the request
	 * @param redirect the flash attributes
	 * @return a redirect to the portal's plan section, saying what happened
	 */
	@PostMapping("/plan/wallet")
	RedirectView subscribeWithWallet(@RequestParam(name = "plan", required = false) @Nullable String plan,
			@RequestParam(name = "idempotencyKey", required = false) @Nullable String idempotencyKey,
			HttpServletRequest request, RedirectAttributes redirect) {
		String customer = this.sessions.customer(request);
		Subscriptions subscriptions = required(this.subscriptions.getIfAvailable(), "plans");
		String code = planCode(plan);
		return planChange(redirect, () -> {
			Subscription subscription = subscriptions.subscribeWithWallet(customer, code,
					formKey(idempotencyKey, customer, "wallet", code));
			redirect.addFlashAttribute(FLASH,
					"You're on " + this.pages.planName(subscription.plan()) + "." + renewal(subscription));
			return new SeeOther(this.path + "#plan");
		});
	}

	/**
	 * Moves the subscription to another plan: at once when it costs more, at the period's end
	 * otherwise.
	 * @param subscriptionId the subscription the form was rendered for
	 * @param plan the new plan's code
	 * @param idempotencyKey the key the form was rendered with
	 * @param request the request
	 * @param redirect the flash attributes
	 * @return a redirect to the portal's plan section, saying what happened
	 */
	@PostMapping("/plan/change")
	RedirectView changePlan(@RequestParam(name = "subscription", required = false) @Nullable String subscriptionId,
			@RequestParam(name = "plan", required = false) @Nullable String plan,
			@RequestParam(name = "idempotencyKey", required = false) @Nullable String idempotencyKey,
			HttpServletRequest request, RedirectAttributes redirect) {
		String customer = this.sessions.customer(request);
		Subscriptions subscriptions = required(this.subscriptions.getIfAvailable(), "plans");
		UUID id = subscriptionId(subscriptionId);
		String code = planCode(plan);
		return planChange(redirect, () -> {
			Subscription changed = subscriptions.changePlan(customer, id, code,
					formKey(idempotencyKey, customer, "change", id + "\n" + code));
			String name = this.pages.planName(code);
			if (changed.plan().equals(code)) {
				redirect.addFlashAttribute(FLASH, "You're on " + name + " now." + renewal(changed));
			}
			else {
				redirect.addFlashAttribute(FLASH, "You move to " + name
						+ ((changed.periodEnd() != null) ? " on " + PortalPages.date(changed.periodEnd()) : "")
						+ ", when this period ends.");
			}
			return new SeeOther(this.path + "#plan");
		});
	}

	/**
	 * Cancels the subscription at the period's end (at once if it was never paid, or is past
	 * due).
	 * @param subscriptionId the subscription the form was rendered for
	 * @param idempotencyKey the key the form was rendered with
	 * @param request the request
	 * @param redirect the flash attributes
	 * @return a redirect to the portal's plan section, saying what happened
	 */
	@PostMapping("/plan/cancel")
	RedirectView cancel(@RequestParam(name = "subscription", required = false) @Nullable String subscriptionId,
			@RequestParam(name = "idempotencyKey", required = false) @Nullable String idempotencyKey,
			HttpServletRequest request, RedirectAttributes redirect) {
		String customer = this.sessions.customer(request);
		Subscriptions subscriptions = required(this.subscriptions.getIfAvailable(), "plans");
		UUID id = subscriptionId(subscriptionId);
		return planChange(redirect, () -> {
			Subscription cancelled = subscriptions.cancel(customer, id,
					formKey(idempotencyKey, customer, "cancel", id.toString()));
			String name = this.pages.planName(cancelled.plan());
			if (cancelled.status() == SubscriptionStatus.CANCELED || cancelled.periodEnd() == null) {
				redirect.addFlashAttribute(FLASH, "Your " + name + " subscription has ended.");
			}
			else {
				redirect.addFlashAttribute(FLASH, "Your " + name + " subscription ends on "
						+ PortalPages.date(cancelled.periodEnd()) + ". Nothing more is charged.");
			}
			return new SeeOther(this.path + "#plan");
		});
	}

	/**
	 * Undoes a cancellation, or a move to another plan at the period's end.
	 * @param subscriptionId the subscription the form was rendered for
	 * @param idempotencyKey the key the form was rendered with
	 * @param request the request
	 * @param redirect the flash attributes
	 * @return a redirect to the portal's plan section, saying what happened
	 */
	@PostMapping("/plan/reactivate")
	RedirectView reactivate(@RequestParam(name = "subscription", required = false) @Nullable String subscriptionId,
			@RequestParam(name = "idempotencyKey", required = false) @Nullable String idempotencyKey,
			HttpServletRequest request, RedirectAttributes redirect) {
		String customer = this.sessions.customer(request);
		Subscriptions subscriptions = required(this.subscriptions.getIfAvailable(), "plans");
		UUID id = subscriptionId(subscriptionId);
		return planChange(redirect, () -> {
			Subscription reactivated = subscriptions.reactivate(customer, id,
					formKey(idempotencyKey, customer, "reactivate", id.toString()));
			redirect.addFlashAttribute(FLASH, "You stay on " + this.pages.planName(reactivated.plan()) + "."
					+ renewal(reactivated));
			return new SeeOther(this.path + "#plan");
		});
	}

	/**
	 * Makes a change the customer asked for in the plan section, turning what the customer can act
	 * on into a message on the section: a balance that cannot pay, a declined card, a subscription
	 * in a state that does not allow the change. A plan or a subscription that is not there (or is
	 * another customer's) is a 404 page.
	 */
	private RedirectView planChange(RedirectAttributes redirect, Supplier<RedirectView> change) {
		try {
			return change.get();
		}
		catch (UnknownPlanException ex) {
			throw new PortalNotFoundException("no plan " + ex.plan());
		}
		catch (UnknownSubscriptionException ex) {
			throw new PortalNotFoundException("no such subscription for this customer");
		}
		catch (InsufficientBalanceException ex) {
			redirect.addFlashAttribute(ERROR, "Your balance does not cover the "
					+ PortalPages.money(ex.required(), ex.asset(), this.catalog, Money.PRICE_DISPLAY) + " fee: "
					+ PortalPages.money(ex.available().max(BigDecimal.ZERO), ex.asset(), this.catalog,
							Money.BALANCE_DISPLAY)
					+ " is available. Add funds, or pay by card.");
		}
		catch (PaymentDeclinedException ex) {
			redirect.addFlashAttribute(ERROR, ex.reason());
		}
		catch (SubscriptionStateException ex) {
			redirect.addFlashAttribute(ERROR, Messages.of(ex));
		}
		catch (ActionConflictException ex) {
			redirect.addFlashAttribute(ERROR, "This form was used for another change already; nothing was changed.");
		}
		catch (InvalidRequestException ex) {
			redirect.addFlashAttribute(ERROR, Messages.of(ex));
		}
		return new SeeOther(this.path + "#plan");
	}

	/** " Renews 1 Jan 2027." for an active subscription that renews; "" otherwise. */
	private static String renewal(Subscription subscription) {
		if (subscription.renewsAt() != null) {
			return " It renews on " + PortalPages.date(subscription.renewsAt()) + ".";
		}
		if (subscription.active() && subscription.cancelAtPeriodEnd() && subscription.periodEnd() != null) {
			return " It ends on " + PortalPages.date(subscription.periodEnd()) + ".";
		}
		return "";
	}

	/** A plan code from a form; none at all is no plan, the 404 page. */
	private static String planCode(@Nullable String plan) {
		if (!StringUtils.hasText(plan)) {
			throw new PortalNotFoundException("no plan");
		}
		return plan;
	}

	/** A subscription id from a form; none, or one that is no id, is no subscription: the 404 page. */
	private static UUID subscriptionId(@Nullable String id) {
		if (!StringUtils.hasText(id) || id.length() > 36) {
			throw new PortalNotFoundException("no subscription");
		}
		try {
			return UUID.fromString(id.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new PortalNotFoundException("no subscription " + id);
		}
	}

	@ExceptionHandler({ InvalidPortalLinkException.class, PortalAccessDeniedException.class })
	ModelAndView unauthorized(RuntimeException ex, HttpServletResponse response) {
		logger.debug("Portal request refused: " + ex.getMessage());
		// someone signed in to the application (whose link expired while the page was open) can
		// open their own portal again without a link
		return message("credyt/portal/unauthorized", HttpStatus.UNAUTHORIZED, response).addObject("reopenUrl",
				(this.sessions.signedInCustomer() != null) ? this.path + REOPEN_PATH : null);
	}

	@ExceptionHandler(PortalNotFoundException.class)
	ModelAndView notFound(PortalNotFoundException ex, HttpServletResponse response) {
		logger.debug("Portal request for something that does not exist: " + ex.getMessage());
		return message("credyt/portal/not-found", HttpStatus.NOT_FOUND, response).addObject("portalPath", this.path);
	}

	/** A page on the portal's message layout: kept out of caches, branded, with the way back. */
	private ModelAndView message(String view, HttpStatus status, HttpServletResponse response) {
		privatePage(response);
		ModelAndView page = new ModelAndView(view, status);
		page.addObject("brand", this.brand);
		page.addObject("returnUrl", this.returnUrl);
		return page;
	}

	/** The customer a checkout session was started for, as the store or else the provider knows it. */
	private String payer(String sessionId) {
		PaymentStore store = this.paymentStore.getIfAvailable();
		Optional<String> payer = (store != null) ? store.find(sessionId).map(PaymentRecord::customer)
				: Optional.empty();
		PaymentProvider provider = this.provider.getIfUnique();
		if (payer.isEmpty() && provider != null) {
			payer = provider.outcome(sessionId).map(PaymentOutcome::customer);
		}
		return payer.orElseThrow(() -> new PortalNotFoundException("no checkout session " + sessionId));
	}

	/**
	 * The checkout's idempotency key: one checkout per rendered form, customer, amount and card
	 * choice, so a double-clicked button starts one checkout and a form sent back with another
	 * amount starts another.
	 */
	private static String checkoutKey(String customer, @Nullable String formKey, BigDecimal amount, boolean saveCard) {
		return formKey(formKey, customer, amount.stripTrailingZeros().toPlainString(), Boolean.toString(saveCard));
	}

	/**
	 * The idempotency key of what a form asks for: one per rendered form, customer and request, so
	 * a double-clicked button does it once, and the same form asking for something else (another
	 * amount, another plan) is another request. Without a key in the form, every request is new.
	 */
	private static String formKey(@Nullable String formKey, String customer, String... request) {
		if (!StringUtils.hasText(formKey)) {
			return UUID.randomUUID().toString();
		}
		List<String> parts = new ArrayList<>();
		parts.add(customer);
		parts.add(formKey);
		parts.addAll(List.of(request));
		String material = String.join("\n", parts);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
			return "portal-" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/** A number from the form, through the one parser that keeps it within the ledger's limits. */
	private static BigDecimal number(String field, @Nullable String value) {
		return Money.parse(value, field);
	}

	private static int pageIndex(@Nullable String page) {
		if (page == null || page.isBlank()) {
			return 0;
		}
		try {
			return Math.max(0, Math.min(Integer.parseInt(page.trim()), 1_000_000));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String absolute(HttpServletRequest request, String path) {
		return ServletUriComponentsBuilder.fromContextPath(request).path(path).build().toUriString();
	}

	private static <T> T required(@Nullable T service, String what) {
		if (service == null) {
			throw new PortalNotFoundException(what + " not configured");
		}
		return service;
	}

	/** Portal pages are one customer's: never cached, never named in a Referer. */
	private static void privatePage(HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("Referrer-Policy", "no-referrer");
	}

}

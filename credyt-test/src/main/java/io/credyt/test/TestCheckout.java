package io.credyt.test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.UriComponentsBuilder;

import io.credyt.autoconfigure.portal.PortalLinks;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.TestPaymentProvider;

/**
 * Pays a top-up through the billing portal and the test payment provider's checkout, the way a
 * customer's browser does, with no knowledge of either page needed by the test: a fresh portal
 * link is opened for the customer, the amount is submitted to the portal's top-up form, the
 * test card to the checkout's form (CSRF tokens included, when Spring Security asks for them),
 * and the customer's return is followed, which credits the payment.
 * <pre>{@code
 * CheckoutResult result = credyt.checkout(mvc).pay(customer, "5.00");
 * assertThat(result.succeeded()).isTrue();
 * assertThat(credyt.balance(customer)).hasAvailable("5.00");
 * }</pre>
 * <p>
 * <b>Needs test mode</b>: the test payment provider is opt-in, so the application under test
 * sets {@code credyt.payments.test-mode.enabled=true} (for instance in
 * {@code @SpringBootTest(properties = ...)}); without it the portal shows no top-up form and
 * {@link #pay} fails saying so. The amount must lie within the portal's top-up bounds
 * ({@code credyt.payments.minimum}/{@code maximum}).
 * <p>
 * A checkout opens the portal in a browser session of its own, with nobody signed in to the
 * application: the portal link is the credential, as when the customer follows "Manage billing".
 */
public final class TestCheckout {

	/** The test card that pays: {@value}. */
	public static final String SUCCEEDS = TestPaymentProvider.SUCCEEDS;

	/** The test card that is declined: {@value}. */
	public static final String DECLINED = TestPaymentProvider.DECLINED;

	/** The test card refused for insufficient funds: {@value}. */
	public static final String INSUFFICIENT_FUNDS = TestPaymentProvider.INSUFFICIENT_FUNDS;

	private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>",
			Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

	private static final Pattern ATTRIBUTE = Pattern.compile("([\\w:-]+)\\s*=\\s*\"([^\"]*)\"");

	private final Transport transport;

	private final PortalLinks links;

	private TestCheckout(Transport transport, PortalLinks links) {
		this.transport = transport;
		this.links = links;
	}

	/**
	 * A checkout driven through MockMvc.
	 * @param mvc the application's MockMvc (with its filters, so that CSRF protection applies)
	 * @param links the application's portal links
	 * @return the checkout
	 */
	public static TestCheckout mockMvc(MockMvc mvc, PortalLinks links) {
		return new TestCheckout(new MockMvcTransport(Objects.requireNonNull(mvc, "mvc")), links);
	}

	/**
	 * A checkout driven over HTTP against a running application.
	 * @param baseUrl the application's address with its context path
	 * @param links the application's portal links
	 * @return the checkout
	 */
	public static TestCheckout http(URI baseUrl, PortalLinks links) {
		return new TestCheckout(new HttpTransport(Objects.requireNonNull(baseUrl, "baseUrl")), links);
	}

	/**
	 * Tops up a customer's wallet with the card that pays ({@value #SUCCEEDS}).
	 * @param customer the customer's external id
	 * @param amount the amount, in the portal's currency, e.g. {@code "5.00"}
	 * @return how the checkout ended
	 */
	public CheckoutResult pay(String customer, String amount) {
		return pay(customer, amount, SUCCEEDS, false);
	}

	/**
	 * Tops up a customer's wallet with a test card.
	 * @param customer the customer's external id
	 * @param amount the amount, in the portal's currency, e.g. {@code "5.00"}
	 * @param cardNumber a test card: {@link #SUCCEEDS}, {@link #DECLINED},
	 * {@link #INSUFFICIENT_FUNDS}
	 * @return how the checkout ended
	 */
	public CheckoutResult pay(String customer, String amount, String cardNumber) {
		return pay(customer, amount, cardNumber, false);
	}

	/**
	 * Tops up a customer's wallet with a test card, optionally saving it for auto top-up.
	 * @param customer the customer's external id
	 * @param amount the amount, in the portal's currency, e.g. {@code "5.00"}
	 * @param cardNumber a test card: {@link #SUCCEEDS}, {@link #DECLINED},
	 * {@link #INSUFFICIENT_FUNDS}
	 * @param saveCard whether to save the card for auto top-up
	 * @return how the checkout ended
	 * @throws IllegalStateException if a step answers what a checkout never does (no top-up form,
	 * an amount refused, a payment provider other than the test one)
	 */
	public CheckoutResult pay(String customer, String amount, String cardNumber, boolean saveCard) {
		Transport.Response opened = this.transport.get(this.transport.resolve(this.links.create(customer)));
		expectRedirect(opened, "opening the portal link");
		URI portal = this.transport.resolve(this.links.portalPath());
		Transport.Response page = this.transport.get(portal);
		expectStatus(page, 200, "showing the portal");
		Map<String, String> topUp = hiddenFields(page.body(), "top-up-form");
		if (topUp == null) {
			throw new IllegalStateException("The portal shows no top-up form: the test checkout needs the test "
					+ "payment provider (credyt.payments.test-mode.enabled=true) and no Stripe key");
		}
		topUp.putIfAbsent("idempotencyKey", UUID.randomUUID().toString());
		topUp.put("amount", amount);
		if (saveCard) {
			topUp.put("saveCard", "true");
		}
		Transport.Response started = this.transport.post(this.transport.resolve(this.links.portalPath() + "/top-up"),
				topUp);
		URI checkout = expectRedirect(started, "starting the top-up");
		String sessionId = UriComponentsBuilder.fromUri(checkout).build().getQueryParams().getFirst("session");
		if (sessionId == null || checkout.getPath().equals(portal.getPath())) {
			throw new IllegalStateException("The portal refused a top-up of " + amount
					+ " (outside credyt.payments minimum and maximum?), or payments do not go through the test "
					+ "payment provider: it sent the customer to " + checkout);
		}
		Transport.Response form = this.transport.get(checkout);
		expectStatus(form, 200, "showing the test checkout");
		Map<String, String> pay = hiddenFields(form.body(), "checkout-form");
		if (pay == null) {
			throw new IllegalStateException("The test checkout shows no card form at " + checkout);
		}
		pay.put("cardNumber", cardNumber);
		if (saveCard) {
			pay.put("saveCard", "true");
		}
		Transport.Response paid = this.transport.post(withoutQuery(checkout), pay);
		if (paid.status() == 402) {
			return new CheckoutResult(sessionId, PaymentStatus.FAILED);
		}
		URI back = expectRedirect(paid, "paying the test checkout");
		Transport.Response credited = this.transport.get(back);
		expectRedirect(credited, "returning to the portal from the checkout");
		return new CheckoutResult(sessionId, PaymentStatus.SUCCEEDED);
	}

	private URI expectRedirect(Transport.Response response, String step) {
		String location = response.location();
		if (response.status() / 100 != 3 || location == null) {
			throw new IllegalStateException(
					"Expected a redirect " + step + ", got HTTP " + response.status() + " from " + response.uri());
		}
		return this.transport.resolve(response.uri(), location);
	}

	private static void expectStatus(Transport.Response response, int status, String step) {
		if (response.status() != status) {
			throw new IllegalStateException(
					"Expected HTTP " + status + " " + step + ", got HTTP " + response.status() + " from " + response.uri());
		}
	}

	private static URI withoutQuery(URI uri) {
		return UriComponentsBuilder.fromUri(uri).replaceQuery(null).fragment(null).build(true).toUri();
	}

	/**
	 * The hidden fields of the form with an id (a CSRF token, the checkout session, the form's
	 * idempotency key), or {@code null} when the page has no such form.
	 */
	static @Nullable Map<String, String> hiddenFields(String html, String formId) {
		Matcher form = FORM.matcher(html);
		while (form.find()) {
			if (!formId.equals(attributes(form.group(1)).get("id"))) {
				continue;
			}
			Map<String, String> fields = new LinkedHashMap<>();
			Matcher input = INPUT.matcher(form.group(2));
			while (input.find()) {
				Map<String, String> attributes = attributes(input.group(1));
				String name = attributes.get("name");
				if ("hidden".equalsIgnoreCase(attributes.get("type")) && name != null) {
					fields.put(name, attributes.getOrDefault("value", ""));
				}
			}
			return fields;
		}
		return null;
	}

	private static Map<String, String> attributes(String tag) {
		Map<String, String> attributes = new LinkedHashMap<>();
		Matcher attribute = ATTRIBUTE.matcher(tag);
		while (attribute.find()) {
			attributes.put(attribute.group(1).toLowerCase(java.util.Locale.ROOT), unescape(attribute.group(2)));
		}
		return attributes;
	}

	private static String unescape(String value) {
		return value.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&amp;", "&");
	}

}

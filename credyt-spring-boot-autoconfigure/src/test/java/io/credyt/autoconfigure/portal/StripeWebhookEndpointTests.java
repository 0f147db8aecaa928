package io.credyt.autoconfigure.portal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.stripe.Stripe;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.WebApplicationContext;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.subscription.CredytSubscriptionsAutoConfiguration;
import io.credyt.payment.Checkout;
import io.credyt.payment.CheckoutRequest;
import io.credyt.payment.OffSessionCharge;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.stripe.StripeWebhooks;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;
import io.credyt.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Stripe's webhooks: signed with the endpoint's secret, delivered any number of times, each paid
 * checkout credited once.
 */
class StripeWebhookEndpointTests {

	private static final String SECRET = "whsec_portal_test_secret";

	private static final String PATH = "/billing/webhooks/stripe";

	private final WebApplicationContextRunner runner = Portals.runner().withUserConfiguration(StripeStandIn.class);

	@Test
	void aPaidCheckoutIsCreditedOnceHoweverOftenStripeDeliversIt() {
		this.runner.run((context) -> {
			StandInStripe stripe = context.getBean(StandInStripe.class);
			stripe.paid("cs_test_1", "alice", "5.00", "pm_card_1");
			String payload = event("checkout.session.completed", "cs_test_1", "paid");
			for (int i = 0; i < 3; i++) {
				deliver(context, payload, sign(payload, SECRET, now(context))).andExpect(status().isOk());
			}
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("5.00");
			assertThat(PortalTopUpTests.paidGrants(context, "alice")).hasSize(1);
			assertThat(PortalTopUpTests.payments(context, "alice")).singleElement()
				.satisfies((payment) -> assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED));
			assertThat(context.getBean(PaymentStore.class).paymentMethods("alice")).containsExactly("pm_card_1");
		});
	}

	@Test
	void theWebhookAndTheCustomersReturnTogetherCreditOnce() {
		this.runner.run((context) -> {
			context.getBean(StandInStripe.class).paid("cs_test_1", "alice", "5.00", null);
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			Browser.seeOther(browser.get("/billing/portal/top-up/return?session_id=cs_test_1"));
			String payload = event("checkout.session.completed", "cs_test_1", "paid");
			deliver(context, payload, sign(payload, SECRET, now(context))).andExpect(status().isOk());
			Browser.seeOther(browser.get("/billing/portal/top-up/return?session_id=cs_test_1"));
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("5.00");
			assertThat(PortalTopUpTests.paidGrants(context, "alice")).hasSize(1);
		});
	}

	@Test
	void aWebhookWhoseSignatureDoesNotVerifyGets400AndCreditsNothing() {
		this.runner.run((context) -> {
			StandInStripe stripe = context.getBean(StandInStripe.class);
			stripe.paid("cs_test_1", "alice", "5.00", null);
			String payload = event("checkout.session.completed", "cs_test_1", "paid");
			Instant now = now(context);
			deliver(context, payload, null).andExpect(status().isBadRequest());
			deliver(context, payload, "garbage").andExpect(status().isBadRequest());
			deliver(context, payload, sign(payload, "whsec_someone_else", now)).andExpect(status().isBadRequest());
			deliver(context, payload.replace("cs_test_1", "cs_test_2"), sign(payload, SECRET, now))
				.andExpect(status().isBadRequest());
			deliver(context, payload, sign(payload, SECRET, now.minus(Duration.ofMinutes(6))))
				.andExpect(status().isBadRequest());
			assertThat(stripe.lookups()).isZero();
			assertThat(Portals.dollars(context, "alice")).isZero();
			assertThat(PortalTopUpTests.payments(context, "alice")).isEmpty();
		});
	}

	@Test
	void aWebhookWithoutASignatureIsRefusedBeforeItsBodyIsRead() {
		this.runner.run((context) -> {
			CountingBody body = new CountingBody(Long.MAX_VALUE);
			mvc(context).perform(streamed(context, body, null, -1)).andExpect(status().isBadRequest());
			mvc(context).perform(streamed(context, body, " ", -1)).andExpect(status().isBadRequest());
			assertThat(body.bytesRead()).as("bytes read").isZero();
			assertThat(context.getBean(StandInStripe.class).lookups()).isZero();
		});
	}

	@Test
	void aBodyDeclaredLargerThanTheLimitGets413WithoutBeingRead() {
		this.runner.run((context) -> {
			CountingBody body = new CountingBody(Long.MAX_VALUE);
			long declared = DataSize.ofMegabytes(300).toBytes();
			mvc(context).perform(streamed(context, body, "t=1,v1=00", declared))
				.andExpect(status().isContentTooLarge());
			assertThat(body.bytesRead()).as("bytes read").isZero();
		});
	}

	@Test
	void aBodyLargerThanTheLimitGets413AfterReadingNoMoreThanTheLimit() {
		this.runner.run((context) -> {
			// sent without a declared length (chunked), and endless
			CountingBody body = new CountingBody(Long.MAX_VALUE);
			mvc(context).perform(streamed(context, body, "t=1,v1=00", -1)).andExpect(status().isContentTooLarge());
			assertThat(body.bytesRead()).as("bytes read").isPositive()
				.isLessThanOrEqualTo(DataSize.ofMegabytes(1).toBytes() + 1);
			assertThat(context.getBean(StandInStripe.class).lookups()).isZero();
		});
	}

	@Test
	void theBodyLimitIsASetting() {
		this.runner.withPropertyValues("credyt.payments.stripe.max-body-size=100B").run((context) -> {
			context.getBean(StandInStripe.class).paid("cs_test_1", "alice", "5.00", null);
			String payload = event("checkout.session.completed", "cs_test_1", "paid");
			assertThat(payload.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(100);
			deliver(context, payload, sign(payload, SECRET, now(context))).andExpect(status().isContentTooLarge());
			assertThat(Portals.dollars(context, "alice")).isZero();
			assertThat(PortalTopUpTests.payments(context, "alice")).isEmpty();
		});
		this.runner.withPropertyValues("credyt.payments.stripe.max-body-size=0B")
			.run((context) -> CredytAutoConfigurations.refusedProperty(context, "credyt.payments.stripe.max-body-size"));
	}

	@Test
	void aFailedPaymentIsRecordedWithItsReasonAndCreditsNothing() {
		this.runner.run((context) -> {
			// as at Stripe, the session of a failed asynchronous payment still reads unpaid
			context.getBean(StandInStripe.class).unpaid("cs_test_1", "alice", "5.00");
			String payload = event("checkout.session.async_payment_failed", "cs_test_1", "unpaid");
			deliver(context, payload, sign(payload, SECRET, now(context))).andExpect(status().isOk());
			assertThat(Portals.dollars(context, "alice")).isZero();
			assertThat(PortalTopUpTests.payments(context, "alice")).singleElement().satisfies((payment) -> {
				assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
				assertThat(payment.failureReason()).contains("The payment failed after checkout");
			});
		});
	}

	@Test
	void otherEventsAreAcknowledgedAndIgnored() {
		this.runner.run((context) -> {
			StandInStripe stripe = context.getBean(StandInStripe.class);
			String payload = """
					{"id": "evt_2", "object": "event", "api_version": "%s", "type": "customer.created",
					 "livemode": false, "data": {"object": {"id": "cus_1", "object": "customer"}}}"""
				.formatted(Stripe.API_VERSION);
			deliver(context, payload, sign(payload, SECRET, now(context))).andExpect(status().isOk());
			String pending = event("checkout.session.completed", "cs_test_1", "unpaid");
			deliver(context, pending, sign(pending, SECRET, now(context))).andExpect(status().isOk());
			assertThat(stripe.lookups()).isZero();
		});
	}

	@Test
	void theWebhookPathIsASetting() {
		this.runner.withPropertyValues("credyt.payments.stripe.webhook-path=/hooks/stripe").run((context) -> {
			context.getBean(StandInStripe.class).paid("cs_test_1", "alice", "5.00", null);
			String payload = event("checkout.session.completed", "cs_test_1", "paid");
			mvc(context).perform(MockMvcRequestBuilders.post("/hooks/stripe")
				.contentType(MediaType.APPLICATION_JSON)
				.content(payload)
				.header("Stripe-Signature", sign(payload, SECRET, now(context)))).andExpect(status().isOk());
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("5.00");
		});
	}

	@Test
	void aPaidCheckoutForAPlanStartsTheSubscriptionOnceAndCreditsNothing() {
		this.runner.withConfiguration(AutoConfigurations.of(CredytSubscriptionsAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.yaml("portal-plans.yml"))
			.withPropertyValues("credyt.subscriptions.renewals-enabled=false")
			.run((context) -> {
				Subscriptions subscriptions = context.getBean(Subscriptions.class);
				String session = subscriptions
					.startCheckout("alice", "pro", "http://localhost/return", "http://localhost/cancel", "alice-pro")
					.sessionId();
				context.getBean(StandInStripe.class).paid(session, "alice", "20.00", "pm_card_1");
				String payload = event("checkout.session.completed", session, "paid");
				for (int i = 0; i < 3; i++) {
					deliver(context, payload, sign(payload, SECRET, now(context))).andExpect(status().isOk());
				}
				assertThat(subscriptions.subscription("alice")).get()
					.satisfies((subscription) -> assertThat(subscription.status()).isEqualTo(SubscriptionStatus.ACTIVE));
				assertThat(subscriptions.charges("alice")).singleElement()
					.satisfies((charge) -> assertThat(charge.amount()).isEqualByComparingTo("20.00"));
				assertThat(Portals.dollars(context, "alice")).isZero();
				assertThat(PortalTopUpTests.paidGrants(context, "alice")).isEmpty();

				// the customer's return after the webhook, and a top-up's return for the same session
				Browser browser = PortalTopUpTests.openPortal(context, "alice");
				Browser.seeOther(browser.get("/billing/portal/plan/return?session_id=" + session));
				assertThat(browser.get("/billing/portal/top-up/return?session_id=" + session).getResponse().getStatus())
					.isEqualTo(404);
				assertThat(subscriptions.charges("alice")).hasSize(1);
				assertThat(Portals.dollars(context, "alice")).isZero();
			});
	}

	@Test
	void aFailedCheckoutForAPlanIsRecordedAsTheSubscriptionsFailedPaymentAndStartsNothing() {
		this.runner.withConfiguration(AutoConfigurations.of(CredytSubscriptionsAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.yaml("portal-plans.yml"))
			.withPropertyValues("credyt.subscriptions.renewals-enabled=false")
			.run((context) -> {
				Subscriptions subscriptions = context.getBean(Subscriptions.class);
				String session = subscriptions
					.startCheckout("alice", "pro", "http://localhost/return", "http://localhost/cancel", "alice-pro")
					.sessionId();
				String payload = event("checkout.session.async_payment_failed", session, "unpaid");
				deliver(context, payload, sign(payload, SECRET, now(context))).andExpect(status().isOk());
				assertThat(subscriptions.subscription("alice").map(Subscription::active)).hasValue(false);
				assertThat(subscriptions.charges("alice")).isEmpty();
				assertThat(PortalTopUpTests.payments(context, "alice")).singleElement().satisfies((payment) -> {
					assertThat(payment.kind()).isEqualTo(PaymentKind.SUBSCRIPTION);
					assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
					assertThat(payment.failureReason()).contains("asynchronous payment method was not completed");
				});
				assertThat(Portals.dollars(context, "alice")).isZero();
				Document portal = PortalTopUpTests.openPortal(context, "alice").page("/billing/portal");
				assertThat(portal.selectFirst("#payments tbody").text()).contains("Pro subscription", "Failed");
				assertThat(portal.selectFirst("#plan-status").text()).isEqualTo("Awaiting payment");
			});
	}

	@Test
	void thereIsNoWebhookEndpointWithoutStripeWebhooks() {
		Portals.runner().run((context) -> {
			assertThat(context).doesNotHaveBean(StripeWebhookController.class);
			String payload = event("checkout.session.completed", "cs_test_1", "paid");
			deliver(context, payload, sign(payload, SECRET, Instant.now())).andExpect(status().isNotFound());
		});
	}

	private static ResultActions deliver(ApplicationContext context,
			String payload, String signature) throws Exception {
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.content(payload.getBytes(StandardCharsets.UTF_8));
		if (signature != null) {
			request.header("Stripe-Signature", signature);
		}
		return mvc(context).perform(request);
	}

	/**
	 * A webhook whose body is a stream that counts what is read of it, with a declared length
	 * ({@code -1}: none, as a chunked request) and a signature header unless {@code null}.
	 */
	private static RequestBuilder streamed(ApplicationContext context, CountingBody body, String signature,
			long declaredLength) {
		return MockMvcRequestBuilders.post(PATH).with((built) -> {
			MockHttpServletRequest request = new MockHttpServletRequest(built.getServletContext(), "POST", PATH) {

				@Override
				public ServletInputStream getInputStream() {
					return body;
				}

				@Override
				public long getContentLengthLong() {
					return declaredLength;
				}

				@Override
				public int getContentLength() {
					return (int) Math.min(declaredLength, Integer.MAX_VALUE);
				}

			};
			request.setContentType(MediaType.APPLICATION_JSON_VALUE);
			if (signature != null) {
				request.addHeader("Stripe-Signature", signature);
			}
			return request;
		});
	}

	private static MockMvc mvc(ApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build();
	}

	private static Instant now(ApplicationContext context) {
		return context.getBean(MutableClock.class).instant();
	}

	private static String event(String type, String session, String paymentStatus) {
		return """
				{"id": "evt_1", "object": "event", "api_version": "%s", "type": "%s", "livemode": false,
				 "data": {"object": {"id": "%s", "object": "checkout.session", "mode": "payment",
				   "status": "complete", "payment_status": "%s", "amount_total": 500, "currency": "usd",
				   "client_reference_id": "alice", "metadata": {"credyt_customer": "alice"},
				   "payment_intent": "pi_1"}}}""".formatted(Stripe.API_VERSION, type, session, paymentStatus);
	}

	/** Stripe's scheme: {@code t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">}. */
	private static String sign(String payload, String secret, Instant at) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		long timestamp = at.getEpochSecond();
		byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
		return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
	}

	@Configuration(proxyBeanMethods = false)
	static class StripeStandIn {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.now());
		}

		@Bean
		StripeWebhooks stripeWebhooks(MutableClock clock) {
			return new StripeWebhooks(SECRET, Duration.ofMinutes(5), clock);
		}

		@Bean
		StandInStripe standInStripe() {
			return new StandInStripe();
		}

	}

	/** A request body of {@code size} bytes of JSON-ish filler that counts how much was read. */
	static final class CountingBody extends ServletInputStream {

		private final long size;

		private final AtomicLong read = new AtomicLong();

		CountingBody(long size) {
			this.size = size;
		}

		long bytesRead() {
			return this.read.get();
		}

		@Override
		public int read() {
			if (this.read.get() >= this.size) {
				return -1;
			}
			this.read.incrementAndGet();
			return ' ';
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			long left = this.size - this.read.get();
			if (length == 0) {
				return 0;
			}
			if (left <= 0) {
				return -1;
			}
			int count = (int) Math.min(length, left);
			java.util.Arrays.fill(buffer, offset, offset + count, (byte) ' ');
			this.read.addAndGet(count);
			return count;
		}

		@Override
		public boolean isFinished() {
			return this.read.get() >= this.size;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("blocking reads only");
		}

	}

	/**
	 * Stands in for Stripe's API: the sessions a test declares, and how often they were looked up.
	 */
	static final class StandInStripe implements PaymentProvider {

		private final Map<String, PaymentOutcome> sessions = new ConcurrentHashMap<>();

		private final AtomicInteger lookups = new AtomicInteger();

		private final AtomicInteger started = new AtomicInteger();

		void paid(String session, String customer, String amount, String savedCard) {
			this.sessions.put(session, new PaymentOutcome(session, customer, PaymentStatus.SUCCEEDED, "pi_" + session,
					new BigDecimal(amount), "USD", savedCard, null));
		}

		void unpaid(String session, String customer, String amount) {
			this.sessions.put(session, new PaymentOutcome(session, customer, PaymentStatus.PENDING, null,
					new BigDecimal(amount), "USD", null, null));
		}

		int lookups() {
			return this.lookups.get();
		}

		@Override
		public String name() {
			return "stripe";
		}

		@Override
		public boolean live() {
			return false;
		}

		/** Starts a session that is unpaid until a test says it is paid. */
		@Override
		public Checkout startCheckout(CheckoutRequest request) {
			String session = "cs_test_started_" + this.started.incrementAndGet();
			unpaid(session, request.customer(), request.amount().toPlainString());
			return new Checkout(session, "https://checkout.stripe.test/" + session);
		}

		@Override
		public Optional<PaymentOutcome> outcome(String sessionId) {
			this.lookups.incrementAndGet();
			return Optional.ofNullable(this.sessions.get(sessionId));
		}

		@Override
		public PaymentOutcome chargeOffSession(OffSessionCharge charge) {
			throw new UnsupportedOperationException("no off-session charges here");
		}

	}

}

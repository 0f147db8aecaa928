package io.credyt.autoconfigure.payment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How customers pay for top-ups: what a top-up buys and its bounds, and the payment provider.
 * With a Stripe secret key (and {@code credyt-stripe} on the class path) payments go through
 * Stripe; otherwise, only when {@code credyt.payments.test-mode.enabled} is {@code true}, through
 * the built-in test provider, which refuses to start when a live key is configured. With neither,
 * no top-ups are offered.
 */
@ConfigurationProperties("credyt.payments")
public class CredytPaymentsProperties {

	/**
	 * Path (or URL) of the test payment provider's card form; the checkout redirect adds
	 * "?session=<id>".
	 */
	private String testCheckoutPath = "/billing/test-checkout";

	private final TopUp topUp = new TopUp();

	private final Stripe stripe = new Stripe();

	private final TestMode testMode = new TestMode();

	public String getTestCheckoutPath() {
		return this.testCheckoutPath;
	}

	public void setTestCheckoutPath(String testCheckoutPath) {
		this.testCheckoutPath = testCheckoutPath;
	}

	public TopUp getTopUp() {
		return this.topUp;
	}

	public Stripe getStripe() {
		return this.stripe;
	}

	public TestMode getTestMode() {
		return this.testMode;
	}

	/**
	 * The built-in test payment provider, for development and tests: top-ups are credited for
	 * pretend payments with Stripe's test cards, and no money moves.
	 */
	public static class TestMode {

		/**
		 * Whether the built-in test payment provider takes top-ups when no Stripe key is set. Never
		 * turn it on in production: anyone who can open the portal could credit themselves.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * What a top-up buys and what it may cost.
	 */
	public static class TopUp {

		/**
		 * Asset credited by a top-up, e.g. "USD" or a custom asset such as "credits".
		 */
		private String asset = "USD";

		/**
		 * ISO 4217 currency top-ups are paid in; it must also be an asset of the catalog.
		 */
		private String currency = "USD";

		/**
		 * Smallest payment accepted, in major units of the currency.
		 */
		private BigDecimal minimum = new BigDecimal("5.00");

		/**
		 * Largest payment accepted, in major units of the currency.
		 */
		private BigDecimal maximum = new BigDecimal("500.00");

		/**
		 * Amounts offered as one-click choices, each within the minimum and the maximum.
		 */
		private List<BigDecimal> presets = new ArrayList<>(List.of(new BigDecimal("5"), new BigDecimal("10"),
				new BigDecimal("25"), new BigDecimal("50")));

		public String getAsset() {
			return this.asset;
		}

		public void setAsset(String asset) {
			this.asset = asset;
		}

		public String getCurrency() {
			return this.currency;
		}

		public void setCurrency(String currency) {
			this.currency = currency;
		}

		public BigDecimal getMinimum() {
			return this.minimum;
		}

		public void setMinimum(BigDecimal minimum) {
			this.minimum = minimum;
		}

		public BigDecimal getMaximum() {
			return this.maximum;
		}

		public void setMaximum(BigDecimal maximum) {
			this.maximum = maximum;
		}

		public List<BigDecimal> getPresets() {
			return this.presets;
		}

		public void setPresets(List<BigDecimal> presets) {
			this.presets = presets;
		}

	}

	/**
	 * Stripe, used when credyt-stripe is on the class path and a secret key is set.
	 */
	public static class Stripe {

		/**
		 * Stripe secret key ("sk_test_..." or "sk_live_..."; restricted keys "rk_..." work too).
		 * Without one, top-ups go through the test payment provider when test mode is enabled; a
		 * live key fails the start-up when test mode is enabled or credyt-stripe is missing.
		 */
		private @Nullable String secretKey;

		/**
		 * Signing secret ("whsec_...") of the Stripe webhook endpoint; webhooks are verified only
		 * when it is set.
		 */
		private @Nullable String webhookSecret;

		/**
		 * Path of the endpoint that receives Stripe's webhooks, served when a webhook secret is
		 * set.
		 */
		private String webhookPath = "/billing/webhooks/stripe";

		/**
		 * Largest webhook body accepted; a larger one is refused with 413 before its signature
		 * is checked, and no more than this is ever read into memory.
		 */
		private DataSize maxBodySize = DataSize.ofMegabytes(1);

		/**
		 * Base URL of Stripe's API, to point the client at a stub in tests. Stripe's own API by
		 * default.
		 */
		private @Nullable String apiBase;

		public @Nullable String getSecretKey() {
			return this.secretKey;
		}

		public void setSecretKey(@Nullable String secretKey) {
			this.secretKey = secretKey;
		}

		public @Nullable String getWebhookSecret() {
			return this.webhookSecret;
		}

		public void setWebhookSecret(@Nullable String webhookSecret) {
			this.webhookSecret = webhookSecret;
		}

		public String getWebhookPath() {
			return this.webhookPath;
		}

		public void setWebhookPath(String webhookPath) {
			this.webhookPath = webhookPath;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public @Nullable String getApiBase() {
			return this.apiBase;
		}

		public void setApiBase(@Nullable String apiBase) {
			this.apiBase = apiBase;
		}

	}

}

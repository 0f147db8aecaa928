package io.credyt.autoconfigure.webhook;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import io.credyt.webhook.WebhookDispatcher;

/**
 * Outbound webhooks: where events go, when {@code balance.low} fires, and how deliveries are
 * sent and retried.
 */
@ConfigurationProperties("credyt.webhooks")
public class CredytWebhooksProperties {

	/**
	 * Whether events are written to the outbox and delivered.
	 */
	private boolean enabled = true;

	/**
	 * Where events are sent, by name.
	 */
	private Map<String, Destination> destinations = new LinkedHashMap<>();

	/**
	 * The available balances below which balance.low fires.
	 */
	private final BalanceLow balanceLow = new BalanceLow();

	/**
	 * How deliveries are sent.
	 */
	private final Delivery delivery = new Delivery();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, Destination> getDestinations() {
		return this.destinations;
	}

	public void setDestinations(Map<String, Destination> destinations) {
		this.destinations = destinations;
	}

	public BalanceLow getBalanceLow() {
		return this.balanceLow;
	}

	public Delivery getDelivery() {
		return this.delivery;
	}

	/** One destination. */
	public static class Destination {

		/**
		 * The receiver's URL, absolute http or https.
		 */
		private @Nullable String url;

		/**
		 * The topics it gets (balance.low, topup.succeeded…), or * for all but usage.recorded.
		 */
		private List<String> topics = new ArrayList<>(List.of("*"));

		/**
		 * The signing secret, whsec_ and the base64 of at least 24 bytes; generated and kept in
		 * the database when not given.
		 */
		private @Nullable String secret;

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public List<String> getTopics() {
			return this.topics;
		}

		public void setTopics(List<String> topics) {
			this.topics = topics;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

	}

	/** Thresholds of balance.low. */
	public static class BalanceLow {

		/**
		 * Per asset code, the amount below which the balance is low.
		 */
		private Map<String, BigDecimal> amounts = new LinkedHashMap<>();

		/**
		 * Per product code, the number of units left (at the product's default price) below
		 * which the balance is low.
		 */
		private Map<String, Long> units = new LinkedHashMap<>();

		public Map<String, BigDecimal> getAmounts() {
			return this.amounts;
		}

		public void setAmounts(Map<String, BigDecimal> amounts) {
			this.amounts = amounts;
		}

		public Map<String, Long> getUnits() {
			return this.units;
		}

		public void setUnits(Map<String, Long> units) {
			this.units = units;
		}

	}

	/** How deliveries are sent. */
	public static class Delivery {

		/**
		 * Whether this instance delivers (any number of instances may).
		 */
		private boolean enabled = true;

		/**
		 * The pause between two looks for due deliveries.
		 */
		private Duration interval = Duration.ofSeconds(1);

		/**
		 * The most deliveries one look claims.
		 */
		private int batchSize = 20;

		/**
		 * How many deliveries are sent at once.
		 */
		private int concurrency = 2;

		/**
		 * How long to wait for a receiver's connection.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * How long to wait for a receiver's answer.
		 */
		private Duration readTimeout = Duration.ofSeconds(10);

		/**
		 * The waits after each failed attempt; when they run out the delivery has failed.
		 */
		private List<Duration> retrySchedule = new ArrayList<>(WebhookDispatcher.DEFAULT_SCHEDULE);

		/**
		 * How long a destination may fail without a success before it is disabled.
		 */
		private Duration disableAfter = Duration.ofDays(3);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public List<Duration> getRetrySchedule() {
			return this.retrySchedule;
		}

		public void setRetrySchedule(List<Duration> retrySchedule) {
			this.retrySchedule = retrySchedule;
		}

		public Duration getDisableAfter() {
			return this.disableAfter;
		}

		public void setDisableAfter(Duration disableAfter) {
			this.disableAfter = disableAfter;
		}

	}

}

package io.credyt.webhook;

import java.util.Locale;

import io.credyt.InvalidRequestException;

/**
 * What an event is about; a destination subscribes to topics by their wire names
 * ({@code balance.low}), or to all with {@code *}.
 */
public enum WebhookTopic {

	/** A usage was billed (high volume: a destination gets it only when it names it). */
	USAGE_RECORDED("usage.recorded"),

	/** A customer's available balance crossed below a threshold. */
	BALANCE_LOW("balance.low"),

	/** A customer's available balance reached zero or less. */
	BALANCE_DEPLETED("balance.depleted"),

	/** A top-up was credited. */
	TOPUP_SUCCEEDED("topup.succeeded"),

	/** A top-up's checkout payment failed; nothing was credited. */
	TOPUP_FAILED("topup.failed"),

	/** An auto top-up's off-session charge failed; nothing was credited. */
	AUTO_TOPUP_FAILED("auto_topup.failed"),

	/** A charge was refunded to the wallet, or a top-up to its card. */
	REFUND_CREATED("refund.created"),

	/** Any other adjustment (a gift, a correction). */
	ADJUSTMENT_CREATED("adjustment.created"),

	/** A hold ended without a charge because its time ran out. */
	HOLD_EXPIRED("hold.expired"),

	/** A subscription's first fee was paid: it is active, with its allowance. */
	SUBSCRIPTION_ACTIVATED("subscription.activated"),

	/** A subscription's renewal fee was collected for a new period. */
	SUBSCRIPTION_RENEWED("subscription.renewed"),

	/** A subscription was upgraded, or a downgrade or cancellation was scheduled or undone. */
	SUBSCRIPTION_UPDATED("subscription.updated"),

	/** A subscription's renewal fee could not be collected; it is retried on a schedule. */
	SUBSCRIPTION_PAST_DUE("subscription.past_due"),

	/** A subscription ended. */
	SUBSCRIPTION_CANCELED("subscription.canceled");

	private final String wireName;

	WebhookTopic(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * The name in the envelope's {@code type} and in subscriptions.
	 * @return the wire name
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * The topic of a wire name.
	 * @param name e.g. {@code balance.low}
	 * @return the topic
	 * @throws InvalidRequestException naming {@code topics} if there is none
	 */
	public static WebhookTopic of(String name) {
		for (WebhookTopic topic : values()) {
			if (topic.wireName.equals(name.toLowerCase(Locale.ROOT))) {
				return topic;
			}
		}
		throw new InvalidRequestException("topics", "no topic '" + name + "'; topics are * or "
				+ java.util.Arrays.stream(values()).map(WebhookTopic::wireName).toList());
	}

}

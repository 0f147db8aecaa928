package io.credyt.webhook;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.credyt.InvalidRequestException;

/**
 * Where events are sent.
 *
 * @param name the destination's name (1 to 64 letters, digits, '-' and '_')
 * @param url an absolute {@code http} or {@code https} URL
 * @param topics what it subscribes to; every topic but {@link WebhookTopic#USAGE_RECORDED} when it
 * was given as {@code *}
 * @param secret {@code whsec_} and the base64 of at least 24 random bytes: the key of both
 * signatures
 * @param enabled whether events are sent to it
 */
public record WebhookDestination(String name, URI url, Set<WebhookTopic> topics, String secret, boolean enabled) {

	/** The prefix of a secret, as Standard Webhooks writes it. */
	public static final String SECRET_PREFIX = "whsec_";

	private static final int MIN_SECRET_BYTES = 24;

	private static final SecureRandom RANDOM = new SecureRandom();

	public WebhookDestination {
		if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
			throw new InvalidRequestException("name", "1 to 64 letters, digits, '-' and '_'");
		}
		if (url == null || !url.isAbsolute() || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
				|| url.getHost() == null || url.toString().length() > 2048) {
			throw new InvalidRequestException("url", "an absolute http or https URL of at most 2048 characters");
		}
		if (topics == null || topics.isEmpty()) {
			throw new InvalidRequestException("topics", "at least one topic, or *");
		}
		topics = Set.copyOf(topics);
		secretKey(secret);
	}

	/**
	 * A destination from its configured values.
	 * @param name the name
	 * @param url the URL
	 * @param topics wire names, or {@code *}
	 * @param secret the secret, or {@code null} for a new one
	 * @return the destination, enabled
	 */
	public static WebhookDestination of(String name, String url, List<String> topics, String secret) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidRequestException("url", "an absolute http or https URL");
		}
		return new WebhookDestination(name, uri, topics(topics), (secret != null) ? secret : newSecret(), true);
	}

	/**
	 * Topics from their wire names; {@code *} subscribes to every topic but the high-volume
	 * {@code usage.recorded}, which must be named.
	 * @param names the names
	 * @return the topics
	 */
	public static Set<WebhookTopic> topics(List<String> names) {
		if (names == null || names.isEmpty()) {
			throw new InvalidRequestException("topics", "at least one topic, or *");
		}
		Set<WebhookTopic> topics = EnumSet.noneOf(WebhookTopic.class);
		for (String name : names) {
			if ("*".equals(name)) {
				topics.addAll(EnumSet.complementOf(EnumSet.of(WebhookTopic.USAGE_RECORDED)));
			}
			else {
				topics.add(WebhookTopic.of(name));
			}
		}
		return topics;
	}

	/**
	 * A new secret: {@code whsec_} and the base64 of 32 random bytes.
	 * @return the secret
	 */
	public static String newSecret() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
	}

	/**
	 * The key bytes of a secret.
	 * @param secret the secret
	 * @return its key
	 * @throws InvalidRequestException naming {@code secret} if it is not {@code whsec_} and the
	 * base64 of at least 24 bytes
	 */
	public static byte[] secretKey(String secret) {
		if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
			throw new InvalidRequestException("secret", "must start with " + SECRET_PREFIX);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("secret", "must be " + SECRET_PREFIX + " and base64");
		}
		if (key.length < MIN_SECRET_BYTES) {
			throw new InvalidRequestException("secret", "must hold at least " + MIN_SECRET_BYTES + " bytes of key");
		}
		return key;
	}

	/**
	 * Whether it wants events of a topic.
	 * @param topic the topic
	 * @return whether it subscribes to it and is enabled
	 */
	public boolean wants(WebhookTopic topic) {
		return this.enabled && this.topics.contains(topic);
	}

	@Override
	public String toString() {
		return "WebhookDestination[name=" + this.name + ", url=" + this.url + ", topics=" + this.topics + ", enabled="
				+ this.enabled + "]";
	}

}

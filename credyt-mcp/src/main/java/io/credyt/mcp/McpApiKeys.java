package io.credyt.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The API keys agents present, by name, checked at start-up and compared in constant time.
 */
public final class McpApiKeys {

	/** The prefix of a key that works while payments are in test mode. */
	public static final String TEST_PREFIX = "key_test_";

	/** The prefix of a key that works while payments are live. */
	public static final String LIVE_PREFIX = "key_live_";

	/** The shortest key accepted, prefix included. */
	public static final int MIN_LENGTH = 32;

	private static final String PROPERTY = "credyt.mcp.api-keys";

	private final Map<String, byte[]> keys;

	private McpApiKeys(Map<String, byte[]> keys) {
		this.keys = keys;
	}

	/**
	 * Checks the configured keys, refusing the start-up when there is none, when one is short, or
	 * when one belongs to the other side of the payment provider (a live key while payments are in
	 * test mode, or a test key while they are live).
	 * @param configured the keys by name
	 * @param live whether the payment provider moves real money
	 * @return the keys
	 */
	public static McpApiKeys of(Map<String, String> configured, boolean live) {
		if (configured.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(PROPERTY, "(none)",
					"the MCP server is enabled but has no API key; add credyt.mcp.api-keys.<name>=" + expectedPrefix(live)
							+ "<at least " + (MIN_LENGTH - TEST_PREFIX.length()) + " random characters>");
		}
		Map<String, byte[]> keys = new LinkedHashMap<>();
		configured.forEach((name, key) -> {
			String property = PROPERTY + "." + name;
			if (key == null || key.length() < MIN_LENGTH) {
				throw new InvalidConfigurationPropertyValueException(property, masked(key),
						"an API key is at least " + MIN_LENGTH + " characters");
			}
			if (!key.startsWith(TEST_PREFIX) && !key.startsWith(LIVE_PREFIX)) {
				throw new InvalidConfigurationPropertyValueException(property, masked(key),
						"an API key starts with " + TEST_PREFIX + " or " + LIVE_PREFIX);
			}
			if (!key.startsWith(expectedPrefix(live))) {
				throw new InvalidConfigurationPropertyValueException(property, masked(key),
						live ? "payments are live, so the key must be a " + LIVE_PREFIX + " key"
								: "payments are in test mode (or there is no payment provider), so the key must be a "
										+ TEST_PREFIX + " key");
			}
			keys.put(name, key.getBytes(StandardCharsets.UTF_8));
		});
		return new McpApiKeys(keys);
	}

	/**
	 * Finds the name of the key presented. Every key is compared, in constant time, whether or not
	 * an earlier one matched, so the time taken says nothing about the keys.
	 * @param presented the key from the request
	 * @return the key's name, or empty when no key matches
	 */
	public Optional<String> nameOf(@Nullable String presented) {
		byte[] candidate = (presented != null) ? presented.getBytes(StandardCharsets.UTF_8) : new byte[0];
		String found = null;
		for (Map.Entry<String, byte[]> key : this.keys.entrySet()) {
			if (MessageDigest.isEqual(key.getValue(), candidate) && found == null) {
				found = key.getKey();
			}
		}
		return Optional.ofNullable(found);
	}

	private static String expectedPrefix(boolean live) {
		return live ? LIVE_PREFIX : TEST_PREFIX;
	}

	/** A key never appears in a start-up failure; its first characters say which one it was. */
	private static String masked(@Nullable String key) {
		if (key == null || key.isEmpty()) {
			return "(empty)";
		}
		return key.substring(0, Math.min(4, key.length())) + "****** (" + key.length() + " characters)";
	}

}

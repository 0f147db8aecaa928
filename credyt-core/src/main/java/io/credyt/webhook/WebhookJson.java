package io.credyt.webhook;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The JSON of an event's body: maps (in their iteration order), collections, text, numbers
 * (decimals as JSON numbers written exactly, never through {@code double}), booleans, times (ISO
 * text) and {@code null}. The core module carries no JSON library; this is all its events need.
 */
final class WebhookJson {

	private WebhookJson() {
	}

	static String write(Object value) {
		StringBuilder json = new StringBuilder();
		write(json, value);
		return json.toString();
	}

	private static void write(StringBuilder json, Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					json.append(',');
				}
				first = false;
				text(json, String.valueOf(entry.getKey()));
				json.append(':');
				write(json, entry.getValue());
			}
			json.append('}');
		}
		else if (value instanceof Collection<?> items) {
			json.append('[');
			boolean first = true;
			for (Object item : items) {
				if (!first) {
					json.append(',');
				}
				first = false;
				write(json, item);
			}
			json.append(']');
		}
		else if (value instanceof BigDecimal decimal) {
			json.append(decimal.stripTrailingZeros().toPlainString());
		}
		else if (value instanceof Integer || value instanceof Long) {
			json.append(value);
		}
		else if (value instanceof Boolean) {
			json.append(value);
		}
		else if (value instanceof Instant instant) {
			text(json, instant.toString());
		}
		else if (value instanceof CharSequence || value instanceof Enum<?>) {
			text(json, value.toString());
		}
		else {
			throw new IllegalArgumentException("No JSON for " + value.getClass().getName());
		}
	}

	private static void text(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					// control characters, and the separators JavaScript does not allow raw in strings
					if (c < 0x20 || c == '\u2028' || c == '\u2029') {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}

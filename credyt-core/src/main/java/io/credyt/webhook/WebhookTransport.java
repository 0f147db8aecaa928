package io.credyt.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Sends one signed delivery over HTTP. Implementations bound the time a send may take (connect and
 * read timeouts) and throw nothing for an HTTP answer: a failure to connect or a timeout is an
 * exception the dispatcher records as a failed attempt.
 */
@FunctionalInterface
public interface WebhookTransport {

	/**
	 * Posts a delivery.
	 * @param url the destination
	 * @param headers the signature headers (the content type is JSON)
	 * @param body the event's JSON
	 * @return the answer's status and its {@code Retry-After}, if any
	 */
	Response send(URI url, Map<String, String> headers, String body);

	/**
	 * What the destination answered.
	 *
	 * @param status the HTTP status
	 * @param retryAfter how long it asked to wait ({@code Retry-After}), or {@code null}
	 */
	record Response(int status, @Nullable Duration retryAfter) {

		/**
		 * A {@code Retry-After} header in seconds (the form receivers send when they ask to wait); the
		 * date form and anything else are ignored.
		 * @param header the header's value, or {@code null}
		 * @return the wait, or {@code null}
		 */
		public static @Nullable Duration retryAfter(@Nullable String header) {
			if (header == null || !header.trim().matches("\\d{1,7}")) {
				return null;
			}
			return Duration.ofSeconds(Long.parseLong(header.trim()));
		}

	}

}

package io.credyt.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.credyt.CredytException;

/**
 * Checks, in an application that receives another Credyt-for-Spring instance's events, that a
 * delivery is genuine and new: its {@code Credyt-Signature} matches the body under the shared
 * secret (compared in constant time), its time is within the tolerance of this clock, and its
 * event id was not accepted before within that window (a replay). Thread-safe.
 */
public final class WebhookVerifier {

	private static final int MAX_REMEMBERED = 100_000;

	private final String secret;

	private final Duration tolerance;

	private final Clock clock;

	private final Map<String, Instant> seen = new LinkedHashMap<>();

	/**
	 * A verifier with a five-minute tolerance.
	 * @param secret the destination's secret ({@code whsec_…})
	 */
	public WebhookVerifier(String secret) {
		this(secret, Duration.ofMinutes(5), Clock.systemUTC());
	}

	/**
	 * A verifier.
	 * @param secret the destination's secret ({@code whsec_…})
	 * @param tolerance how far a delivery's time may be from this clock's
	 * @param clock the time
	 */
	public WebhookVerifier(String secret, Duration tolerance, Clock clock) {
		WebhookDestination.secretKey(secret);
		this.secret = secret;
		this.tolerance = tolerance;
		this.clock = clock;
	}

	/**
	 * Checks a delivery.
	 * @param eventId the event's id (the {@code webhook-id} header, or the envelope's {@code id})
	 * @param signatureHeader the {@code Credyt-Signature} header
	 * @param body the exact body received
	 * @throws InvalidWebhookException if the signature is missing, malformed, wrong, too old or new,
	 * or the event was accepted before
	 */
	public void verify(String eventId, @Nullable String signatureHeader, String body) {
		if (signatureHeader == null || signatureHeader.length() > 512) {
			throw new InvalidWebhookException("missing or oversized " + WebhookSigner.SIGNATURE_HEADER + " header");
		}
		Long timestamp = null;
		String signature = null;
		for (String part : signatureHeader.split(",")) {
			String[] pair = part.trim().split("=", 2);
			if (pair.length == 2 && pair[0].equals("t") && pair[1].matches("\\d{1,12}")) {
				timestamp = Long.parseLong(pair[1]);
			}
			else if (pair.length == 2 && pair[0].equals("v0")) {
				signature = pair[1];
			}
		}
		if (timestamp == null || signature == null) {
			throw new InvalidWebhookException("malformed " + WebhookSigner.SIGNATURE_HEADER + " header");
		}
		Instant now = this.clock.instant();
		Instant sent = Instant.ofEpochSecond(timestamp);
		if (Duration.between(sent, now).abs().compareTo(this.tolerance) > 0) {
			throw new InvalidWebhookException("timestamp outside the tolerance of " + this.tolerance);
		}
		byte[] expected = WebhookSigner.hmacHex(this.secret, timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
		if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
			throw new InvalidWebhookException("signature does not match");
		}
		synchronized (this.seen) {
			Instant cutoff = now.minus(this.tolerance.multipliedBy(2));
			for (Iterator<Instant> times = this.seen.values().iterator(); times.hasNext();) {
				Instant first = times.next();
				if (first.isBefore(cutoff) || this.seen.size() > MAX_REMEMBERED) {
					times.remove();
				}
				else {
					break;
				}
			}
			if (this.seen.putIfAbsent(eventId, now) != null) {
				throw new InvalidWebhookException("event " + eventId + " was accepted before (a replay)");
			}
		}
	}

	/** A delivery that is not genuine or not new; the receiver answers it with 400 and ignores it. */
	public static final class InvalidWebhookException extends CredytException {

		private static final long serialVersionUID = 1L;

		InvalidWebhookException(String message) {
			super("Invalid webhook: " + message);
		}

	}

}

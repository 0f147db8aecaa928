package io.credyt.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

/**
 * Signs a delivery twice with the destination's secret, so a receiver can check it either way:
 * <ul>
 * <li>{@code Credyt-Signature: t=<unix seconds>,v0=<hex HMAC-SHA256 of "t.body">};</li>
 * <li>the Standard Webhooks headers {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, made by the Standard
 * Webhooks library.</li>
 * </ul>
 * Both HMACs are keyed with the secret's key bytes (the base64 after {@code whsec_}).
 */
public final class WebhookSigner {

	/** Credyt's signature header. */
	public static final String SIGNATURE_HEADER = "Credyt-Signature";

	private WebhookSigner() {
	}

	/**
	 * The headers that sign one delivery.
	 * @param eventId the event's id (the Standard Webhooks message id)
	 * @param timestamp when it is sent, in Unix seconds
	 * @param body the exact body sent
	 * @param secret the destination's secret
	 * @return the headers, by name
	 */
	public static Map<String, String> headers(String eventId, long timestamp, String body, String secret) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(SIGNATURE_HEADER, "t=" + timestamp + ",v0=" + hmacHex(secret, timestamp + "." + body));
		headers.put("webhook-id", eventId);
		headers.put("webhook-timestamp", Long.toString(timestamp));
		try {
			headers.put("webhook-signature", new Webhook(secret).sign(eventId, timestamp, body));
		}
		catch (WebhookSigningException ex) {
			throw new IllegalStateException("Could not sign webhook " + eventId, ex);
		}
		return headers;
	}

	static String hmacHex(String secret, String signed) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(WebhookDestination.secretKey(secret), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}

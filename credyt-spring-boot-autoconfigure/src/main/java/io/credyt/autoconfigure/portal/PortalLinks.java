package io.credyt.autoconfigure.portal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

import io.credyt.autoconfigure.portal.InvalidPortalLinkException.Reason;

/**
 * Creates and checks the links that open the billing portal for one customer. A link is the
 * portal path's {@code /session} with a {@code token} that carries the customer's external id, an
 * expiry time and a random nonce, signed with HMAC-SHA256 and encoded base64url:
 * {@code <payload>.<signature>}. A link cannot be altered without the key, stops working after
 * its time-to-live, and opens the portal for the customer it names only. The nonce is the link's
 * id, by which {@link UsedPortalLinks} makes a link open the portal once.
 * <p>
 * Thread-safe. The key is read on first use, so that a key kept in the database is read once the
 * schema exists.
 */
public final class PortalLinks {

	/** The smallest key accepted, in bytes. */
	public static final int MIN_KEY_LENGTH = 32;

	static final String SESSION_PATH = "/session";

	static final String TOKEN_PARAMETER = "token";

	private static final String ALGORITHM = "HmacSHA256";

	private static final String VERSION = "1";

	// longer than any link we create (a 255-character customer id makes about 450)
	private static final int MAX_TOKEN_LENGTH = 2048;

	// the nonce: 16 bytes, 22 characters in base64url
	private static final int MAX_ID_LENGTH = 64;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final SecureRandom random = new SecureRandom();

	private final Supplier<byte[]> keySource;

	private volatile byte @Nullable [] key;

	private final String portalPath;

	private final Duration ttl;

	private final Clock clock;

	/**
	 * Links signed with a fixed key.
	 * @param key the signing key, at least {@value #MIN_KEY_LENGTH} bytes
	 * @param portalPath the portal's path, e.g. {@code /billing/portal}
	 * @param ttl how long a link works
	 * @param clock the clock links expire by
	 */
	public PortalLinks(byte[] key, String portalPath, Duration ttl, Clock clock) {
		this(fixed(checkedKey(key.clone())), portalPath, ttl, clock);
	}

	/**
	 * Links signed with a key read on first use.
	 * @param key supplies the signing key, at least {@value #MIN_KEY_LENGTH} bytes; called once
	 * @param portalPath the portal's path, e.g. {@code /billing/portal}
	 * @param ttl how long a link works
	 * @param clock the clock links expire by
	 */
	public PortalLinks(Supplier<byte[]> key, String portalPath, Duration ttl, Clock clock) {
		this.keySource = Objects.requireNonNull(key, "key");
		this.portalPath = Objects.requireNonNull(portalPath, "portalPath");
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("The link time-to-live must be positive, was " + ttl);
		}
		this.ttl = ttl;
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * A fresh link that opens the portal for a customer until the time-to-live has passed.
	 * @param customer the customer's external id
	 * @return the link: a path (without the context path), e.g.
	 * {@code /billing/portal/session?token=…}
	 */
	public String create(String customer) {
		if (customer == null || customer.isBlank()) {
			throw new IllegalArgumentException("A portal link needs a customer");
		}
		return UriComponentsBuilder.fromPath(this.portalPath + SESSION_PATH)
			.queryParam(TOKEN_PARAMETER, token(customer))
			.build()
			.toUriString();
	}

	/**
	 * A token that opens the portal for a customer until the time-to-live has passed.
	 * @param customer the customer's external id
	 * @return the token, URL-safe
	 */
	public String token(String customer) {
		long expiresAt = this.clock.instant().plus(this.ttl).getEpochSecond();
		byte[] nonce = new byte[16];
		this.random.nextBytes(nonce);
		byte[] payload = String.join(".", VERSION, Long.toString(expiresAt), ENCODER.encodeToString(nonce), customer)
			.getBytes(StandardCharsets.UTF_8);
		return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
	}

	/**
	 * The customer a token opens the portal for.
	 * @param token the link's token
	 * @return the customer's external id
	 * @throws InvalidPortalLinkException if the token is malformed, its signature does not match,
	 * or it has expired
	 */
	public String verify(@Nullable String token) {
		return check(token).customer();
	}

	/**
	 * What a token says, once its signature and expiry are checked.
	 * @param token the link's token
	 * @return the link: its customer, id and expiry
	 * @throws InvalidPortalLinkException if the token is malformed, its signature does not match,
	 * or it has expired
	 */
	public Link check(@Nullable String token) {
		if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			throw new InvalidPortalLinkException(Reason.MALFORMED);
		}
		int dot = token.indexOf('.');
		if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1) {
			throw new InvalidPortalLinkException(Reason.MALFORMED);
		}
		byte[] payload = decode(token.substring(0, dot));
		byte[] signature = decode(token.substring(dot + 1));
		if (!MessageDigest.isEqual(sign(payload), signature)) {
			throw new InvalidPortalLinkException(Reason.BAD_SIGNATURE);
		}
		// only signed content is parsed
		String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\.", 4);
		if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].isBlank()) {
			throw new InvalidPortalLinkException(Reason.MALFORMED);
		}
		long expiresAt;
		try {
			expiresAt = Long.parseLong(parts[1]);
		}
		catch (NumberFormatException ex) {
			throw new InvalidPortalLinkException(Reason.MALFORMED);
		}
		if (!this.clock.instant().isBefore(Instant.ofEpochSecond(expiresAt))) {
			throw new InvalidPortalLinkException(Reason.EXPIRED);
		}
		if (parts[2].isEmpty() || parts[2].length() > MAX_ID_LENGTH) {
			throw new InvalidPortalLinkException(Reason.MALFORMED);
		}
		return new Link(parts[3], parts[2], Instant.ofEpochSecond(expiresAt));
	}

	/** @return how long a link works */
	public Duration ttl() {
		return this.ttl;
	}

	/** @return the portal's path */
	public String portalPath() {
		return this.portalPath;
	}

	private static Supplier<byte[]> fixed(byte[] key) {
		return () -> key;
	}

	private static byte[] decode(String part) {
		try {
			return DECODER.decode(part);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPortalLinkException(Reason.MALFORMED);
		}
	}

	private byte[] sign(byte[] payload) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(key(), ALGORITHM));
			return mac.doFinal(payload);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private byte[] key() {
		byte[] current = this.key;
		if (current == null) {
			synchronized (this) {
				current = this.key;
				if (current == null) {
					current = checkedKey(this.keySource.get());
					this.key = current;
				}
			}
		}
		return current;
	}

	private static byte[] checkedKey(byte @Nullable [] key) {
		if (key == null || key.length < MIN_KEY_LENGTH) {
			throw new IllegalArgumentException(
					"A portal link key has at least " + MIN_KEY_LENGTH + " bytes, was " + ((key != null) ? key.length : 0));
		}
		return key;
	}

	/**
	 * A checked portal link.
	 *
	 * @param customer the customer it opens the portal for
	 * @param id the link's id (its nonce), unique to the link
	 * @param expiresAt when it stops working
	 */
	public record Link(String customer, String id, Instant expiresAt) {
	}

}

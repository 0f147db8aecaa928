package io.credyt.autoconfigure.portal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

import io.credyt.autoconfigure.portal.InvalidPortalLinkException.Reason;
import io.credyt.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortalLinksTests {

	private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T10:00:00Z"));

	private final PortalLinks links = new PortalLinks(KEY, "/billing/portal", Duration.ofMinutes(10), this.clock);

	@Test
	void aLinkOpensThePortalForTheCustomerItWasMadeFor() {
		String link = this.links.create("alice");
		assertThat(link).startsWith("/billing/portal/session?token=");
		assertThat(this.links.verify(token(link))).isEqualTo("alice");
	}

	@Test
	void customerIdsWithDotsSpacesAndAccentsSurviveTheRoundTrip() {
		for (String customer : new String[] { "alice.smith@example.com", "org 42.team", "zoë", "a.b.c.d" }) {
			assertThat(this.links.verify(this.links.token(customer))).isEqualTo(customer);
		}
	}

	@Test
	void everyLinkIsFreshEvenForTheSameCustomerAndTime() {
		Set<String> tokens = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			tokens.add(this.links.token("alice"));
		}
		assertThat(tokens).hasSize(50);
	}

	@Test
	void aLinkWorksUntilItsTimeToLiveHasPassed() {
		String token = this.links.token("alice");
		this.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
		assertThat(this.links.verify(token)).isEqualTo("alice");
		this.clock.advance(Duration.ofSeconds(1));
		assertRefused(token, Reason.EXPIRED);
	}

	@Test
	void aLinkWhoseCustomerWasChangedIsRefused() {
		String token = this.links.token("alice");
		assertRefused(withPayload(token, payload(token).replace("alice", "bob")), Reason.BAD_SIGNATURE);
	}

	@Test
	void aLinkWhoseExpiryWasPushedBackIsRefused() {
		String token = this.links.token("alice");
		String[] parts = payload(token).split("\\.", 4);
		String later = String.join(".", parts[0], Long.toString(Long.parseLong(parts[1]) + 86400), parts[2], parts[3]);
		this.clock.advance(Duration.ofHours(1));
		assertRefused(withPayload(token, later), Reason.BAD_SIGNATURE);
	}

	@Test
	void aLinkWithAnAlteredSignatureIsRefused() {
		String token = this.links.token("alice");
		// the signature's first character: all of its bits are signature bits (the last one's are not)
		int first = token.indexOf('.') + 1;
		char altered = (token.charAt(first) == 'A') ? 'B' : 'A';
		assertRefused(token.substring(0, first) + altered + token.substring(first + 1), Reason.BAD_SIGNATURE);
	}

	@Test
	void aLinkSignedWithAnotherKeyIsRefused() {
		PortalLinks elsewhere = new PortalLinks("another key of at least 32 bytes!!".getBytes(StandardCharsets.UTF_8),
				"/billing/portal", Duration.ofMinutes(10), this.clock);
		assertRefused(elsewhere.token("alice"), Reason.BAD_SIGNATURE);
	}

	@Test
	void malformedLinksAreRefusedAsMalformed() {
		String token = this.links.token("alice");
		assertRefused(null, Reason.MALFORMED);
		assertRefused("", Reason.MALFORMED);
		assertRefused("no-dot-at-all", Reason.MALFORMED);
		assertRefused(token + ".extra", Reason.MALFORMED);
		assertRefused("." + token.substring(token.indexOf('.') + 1), Reason.MALFORMED);
		assertRefused(token.substring(0, token.indexOf('.') + 1), Reason.MALFORMED);
		assertRefused("not*base64." + token.substring(token.indexOf('.') + 1), Reason.MALFORMED);
		assertRefused("a".repeat(5000) + ".b", Reason.MALFORMED);
	}

	@Test
	void aCorrectlySignedPayloadOfTheWrongShapeIsMalformed() throws Exception {
		assertRefused(signed("2.9999999999.nonce.alice"), Reason.MALFORMED);
		assertRefused(signed("1.soon.nonce.alice"), Reason.MALFORMED);
		assertRefused(signed("1.9999999999.nonce"), Reason.MALFORMED);
		assertRefused(signed("1.9999999999.nonce. "), Reason.MALFORMED);
		assertThat(this.links.verify(signed("1.9999999999.nonce.alice"))).isEqualTo("alice");
	}

	@Test
	void aKeyShorterThan32BytesIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PortalLinks(new byte[31], "/billing/portal", Duration.ofMinutes(10), this.clock))
			.withMessageContaining("at least 32 bytes");
	}

	@Test
	void theKeyIsReadOnceOnFirstUse() {
		int[] reads = new int[1];
		PortalLinks lazy = new PortalLinks(() -> {
			reads[0]++;
			return KEY;
		}, "/billing/portal", Duration.ofMinutes(10), this.clock);
		assertThat(reads[0]).isZero();
		String token = lazy.token("alice");
		assertThat(lazy.verify(token)).isEqualTo("alice");
		assertThat(this.links.verify(token)).isEqualTo("alice");
		assertThat(reads[0]).isEqualTo(1);
	}

	@Test
	void aLinkNeedsACustomer() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.links.create(" "));
	}

	private void assertRefused(String token, Reason reason) {
		assertThatThrownBy(() -> this.links.verify(token)).isInstanceOfSatisfying(InvalidPortalLinkException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

	private static String payload(String token) {
		return new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
				StandardCharsets.UTF_8);
	}

	/** The token with another payload and its original signature. */
	private static String withPayload(String token, String payload) {
		return BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
	}

	private static String signed(String payload) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
		byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
		return BASE64URL.encodeToString(bytes) + "." + BASE64URL.encodeToString(mac.doFinal(bytes));
	}

	static String token(String link) {
		return UriComponentsBuilder.fromUriString(link).build().getQueryParams().getFirst("token");
	}

}

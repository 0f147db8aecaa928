package io.credyt.payment;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The test provider's sessions and saved cards in this JVM's memory. Thread-safe.
 */
final class InMemoryTestCheckoutStore implements TestCheckoutStore {

	private final Map<String, TestCheckoutSession> sessions = new ConcurrentHashMap<>();

	private final Map<String, String> sessionsByIdempotencyKey = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> savedCards = new ConcurrentHashMap<>();

	@Override
	public TestCheckoutSession create(String sessionId, String idempotencyKey, CheckoutRequest request) {
		String id = this.sessionsByIdempotencyKey.computeIfAbsent(idempotencyKey, (key) -> {
			this.sessions.put(sessionId,
					new TestCheckoutSession(sessionId, request, PaymentStatus.PENDING, null, null, null));
			return sessionId;
		});
		return this.sessions.get(id);
	}

	@Override
	public Optional<TestCheckoutSession> find(String sessionId) {
		return Optional.ofNullable(this.sessions.get(sessionId));
	}

	@Override
	public TestCheckoutSession settle(String sessionId, PaymentStatus status, @Nullable String paymentReference,
			@Nullable String failureReason, @Nullable String savedPaymentMethod) {
		TestCheckoutSession settled = this.sessions.computeIfPresent(sessionId,
				(id, session) -> (session.status() == PaymentStatus.SUCCEEDED) ? session
						: new TestCheckoutSession(id, session.request(), status, paymentReference,
								(savedPaymentMethod != null) ? savedPaymentMethod : session.savedPaymentMethod(),
								failureReason));
		if (settled == null) {
			throw new UnknownCheckoutSessionException(sessionId);
		}
		return settled;
	}

	@Override
	public void saveCard(String customer, String paymentMethod) {
		Set<String> saved = this.savedCards.computeIfAbsent(customer, (c) -> new TreeSet<>());
		synchronized (saved) {
			saved.add(paymentMethod);
		}
	}

	@Override
	public Set<String> savedCards(String customer) {
		Set<String> saved = this.savedCards.get(customer);
		if (saved == null) {
			return Set.of();
		}
		synchronized (saved) {
			return Collections.unmodifiableSet(new TreeSet<>(saved));
		}
	}

}

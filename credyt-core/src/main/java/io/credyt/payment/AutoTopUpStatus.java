package io.credyt.payment;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A customer's auto top-up and how it has been going, for the portal and the dashboard.
 *
 * @param customer the customer's external id
 * @param settings the customer's settings
 * @param inFlightSince when the top-up now in flight started, or {@code null} when none is
 * @param lastAttemptAt when the last top-up was tried, or {@code null}
 * @param lastStatus how the last top-up ended ({@link PaymentStatus#PENDING} while in flight),
 * or {@code null} when none was tried
 * @param lastFailureReason why the last top-up failed, or {@code null}
 * @param cooldownUntil after a failure, no top-up starts before this time; {@code null} otherwise
 * @param attemptsToday top-ups tried since midnight UTC
 */
public record AutoTopUpStatus(String customer, AutoTopUpSettings settings, @Nullable Instant inFlightSince,
		@Nullable Instant lastAttemptAt, @Nullable PaymentStatus lastStatus, @Nullable String lastFailureReason,
		@Nullable Instant cooldownUntil, int attemptsToday) {
}

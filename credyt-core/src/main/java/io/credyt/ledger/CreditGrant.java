package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A lot of value inside an account. Usage consumes grants in order of {@code priority}, then
 * earliest {@code expiresAt} (never-expiring last), then age.
 *
 * @param id the grant id
 * @param customer the customer's external id
 * @param asset the asset code
 * @param purpose why the value exists
 * @param amount the amount granted
 * @param remaining what is left of it
 * @param priority consumption priority, lower first
 * @param effectiveAt when it starts (started) to count
 * @param expiresAt when what is left stops counting, or {@code null}
 * @param effective whether it has been posted to the account (its effective time has come)
 * @param reference what it comes from, or {@code null}
 * @param createdAt when it was created
 */
public record CreditGrant(UUID id, String customer, String asset, GrantPurpose purpose, BigDecimal amount,
		BigDecimal remaining, int priority, Instant effectiveAt, @Nullable Instant expiresAt, boolean effective,
		@Nullable String reference, Instant createdAt) {
}

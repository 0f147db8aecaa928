package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A lot of value to add to an account.
 *
 * @param asset the asset code
 * @param amount the amount, positive
 * @param purpose why the value exists
 * @param effectiveAt when it starts to count ({@code null}: now)
 * @param expiresAt when what is left of it stops counting ({@code null}: never)
 * @param priority consumption priority, lower first ({@code null}: the purpose's default)
 * @param reference what it comes from (a payment id, a campaign); a grant with a reference is
 * created at most once per customer and reference
 */
public record GrantRequest(String asset, BigDecimal amount, GrantPurpose purpose, @Nullable Instant effectiveAt,
		@Nullable Instant expiresAt, @Nullable Integer priority, @Nullable String reference) {

	public static GrantRequest of(String asset, String amount, GrantPurpose purpose) {
		return new GrantRequest(asset, new BigDecimal(amount), purpose, null, null, null, null);
	}

	public static GrantRequest paid(String asset, String amount) {
		return of(asset, amount, GrantPurpose.PAID);
	}

	public static GrantRequest promotional(String asset, String amount) {
		return of(asset, amount, GrantPurpose.PROMOTIONAL);
	}

	public static GrantRequest bundled(String asset, String amount) {
		return of(asset, amount, GrantPurpose.BUNDLED);
	}

	public GrantRequest effectiveAt(@Nullable Instant when) {
		return new GrantRequest(this.asset, this.amount, this.purpose, when, this.expiresAt, this.priority,
				this.reference);
	}

	public GrantRequest expiresAt(@Nullable Instant when) {
		return new GrantRequest(this.asset, this.amount, this.purpose, this.effectiveAt, when, this.priority,
				this.reference);
	}

	public GrantRequest priority(@Nullable Integer value) {
		return new GrantRequest(this.asset, this.amount, this.purpose, this.effectiveAt, this.expiresAt, value,
				this.reference);
	}

	public GrantRequest reference(@Nullable String value) {
		return new GrantRequest(this.asset, this.amount, this.purpose, this.effectiveAt, this.expiresAt,
				this.priority, value);
	}

}

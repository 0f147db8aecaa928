package io.credyt.engine;

import java.math.BigDecimal;
import java.util.UUID;

import io.credyt.ledger.GrantPurpose;

/**
 * A lot of value a debit can be taken from, in consumption order (priority, earliest expiry,
 * age) within its account.
 */
public final class GrantLot {

	private final UUID id;

	private final GrantPurpose purpose;

	private BigDecimal remaining;

	private BigDecimal taken;

	public GrantLot(UUID id, GrantPurpose purpose, BigDecimal remaining) {
		this.id = id;
		this.purpose = purpose;
		this.remaining = remaining;
		this.taken = BigDecimal.ZERO;
	}

	public UUID id() {
		return this.id;
	}

	public GrantPurpose purpose() {
		return this.purpose;
	}

	public BigDecimal remaining() {
		return this.remaining;
	}

	/** What the batch takes from this lot in all. */
	public BigDecimal taken() {
		return this.taken;
	}

	BigDecimal take(BigDecimal wanted) {
		BigDecimal take = wanted.min(this.remaining);
		this.remaining = this.remaining.subtract(take);
		this.taken = this.taken.add(take);
		return take;
	}

}

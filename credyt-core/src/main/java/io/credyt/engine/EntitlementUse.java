package io.credyt.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Entitlement units a hold took from one entitlement, so that they can be given back when the
 * hold ends with fewer units used.
 */
public final class EntitlementUse {

	private final UUID holdId;

	private final UUID entitlementId;

	private final Instant periodStart;

	private final boolean stored;

	private BigDecimal units;

	private boolean changed;

	public EntitlementUse(UUID holdId, UUID entitlementId, BigDecimal units, Instant periodStart, boolean stored) {
		this.holdId = holdId;
		this.entitlementId = entitlementId;
		this.units = units;
		this.periodStart = periodStart;
		this.stored = stored;
		this.changed = !stored;
	}

	public UUID holdId() {
		return this.holdId;
	}

	public UUID entitlementId() {
		return this.entitlementId;
	}

	public BigDecimal units() {
		return this.units;
	}

	public Instant periodStart() {
		return this.periodStart;
	}

	/** Whether the row exists already (else it is inserted). */
	public boolean stored() {
		return this.stored;
	}

	public boolean changed() {
		return this.changed;
	}

	void add(BigDecimal delta) {
		this.units = this.units.add(delta);
		this.changed = true;
	}

}

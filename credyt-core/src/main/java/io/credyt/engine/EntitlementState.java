package io.credyt.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.ledger.EntitlementPeriod;

/**
 * An allowance of product units as the planner sees it: read under its row lock, rolled over to
 * the current period when that has started, then taken from or given back to command by command.
 */
public final class EntitlementState {

	private final UUID id;

	private final long customerId;

	private final String product;

	private final BigDecimal units;

	private final EntitlementPeriod period;

	private final Instant anchorAt;

	private final Instant storedPeriodStart;

	private final @Nullable Instant expiresAt;

	private BigDecimal used;

	private Instant periodStart;

	private @Nullable Instant periodEnd;

	private boolean changed;

	public EntitlementState(UUID id, long customerId, String product, BigDecimal units, BigDecimal used,
			EntitlementPeriod period, Instant anchorAt, Instant periodStart, @Nullable Instant periodEnd,
			@Nullable Instant expiresAt) {
		this.id = id;
		this.customerId = customerId;
		this.product = product;
		this.units = units;
		this.used = used;
		this.period = period;
		this.anchorAt = anchorAt;
		this.storedPeriodStart = periodStart;
		this.periodStart = periodStart;
		this.periodEnd = periodEnd;
		this.expiresAt = expiresAt;
	}

	/** Whether units may be taken from it at {@code now}: started and not expired. */
	boolean usable(Instant now) {
		return !this.anchorAt.isAfter(now) && (this.expiresAt == null || this.expiresAt.isAfter(now));
	}

	public UUID id() {
		return this.id;
	}

	public long customerId() {
		return this.customerId;
	}

	public String product() {
		return this.product;
	}

	public BigDecimal used() {
		return this.used;
	}

	public Instant periodStart() {
		return this.periodStart;
	}

	public @Nullable Instant periodEnd() {
		return this.periodEnd;
	}

	/** The period start the row had when it was read: the store's update is guarded by it. */
	public Instant storedPeriodStart() {
		return this.storedPeriodStart;
	}

	/** Whether the batch changed it (units taken or given back, or the period rolled over). */
	public boolean changed() {
		return this.changed;
	}

	/** Units left in the period containing {@code now}, rolling the period over first if it ended. */
	BigDecimal remaining(Instant now) {
		rollOver(now);
		return this.units.subtract(this.used);
	}

	BigDecimal take(BigDecimal wanted, Instant now) {
		BigDecimal take = wanted.min(remaining(now));
		if (take.signum() > 0) {
			this.used = this.used.add(take);
			this.changed = true;
		}
		return take;
	}

	/** Gives units back if they were taken in the current period (a new period starts full anyway). */
	BigDecimal giveBack(BigDecimal units, Instant takenInPeriod) {
		if (!takenInPeriod.equals(this.periodStart)) {
			return BigDecimal.ZERO;
		}
		BigDecimal back = units.min(this.used);
		if (back.signum() > 0) {
			this.used = this.used.subtract(back);
			this.changed = true;
		}
		return back;
	}

	private void rollOver(Instant now) {
		if (this.periodEnd == null || this.periodEnd.isAfter(now)) {
			return;
		}
		long index = this.period.periodIndex(this.anchorAt, now);
		this.periodStart = Objects.requireNonNull(this.period.periodStart(this.anchorAt, index));
		this.periodEnd = this.period.periodStart(this.anchorAt, index + 1);
		this.used = BigDecimal.ZERO;
		this.changed = true;
	}

}

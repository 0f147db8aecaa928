package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Turns a hold into a usage event and a debit.
 *
 * <p>
 * The {@link #cost() cost} is what the work actually cost the operator, as for a
 * {@link UsageEvent}: bookkeeping that never changes the fee, and not part of the payload the
 * event id is checked against.
 *
 * @param eventId the usage event id: the idempotency key
 * @param quantity the final quantity ({@code null}: as authorized)
 * @param occurredAt when the work happened ({@code null}: now)
 * @param cost the actual vendor cost of the usage, in the base currency, zero or more
 * ({@code null}: the product's configured vendor cost)
 */
public record Capture(String eventId, @Nullable BigDecimal quantity, @Nullable Instant occurredAt,
		@Nullable BigDecimal cost) {

	/**
	 * A capture at the product's configured vendor cost.
	 * @param eventId the usage event id
	 * @param quantity the final quantity ({@code null}: as authorized)
	 * @param occurredAt when the work happened ({@code null}: now)
	 */
	public Capture(String eventId, @Nullable BigDecimal quantity, @Nullable Instant occurredAt) {
		this(eventId, quantity, occurredAt, null);
	}

	public static Capture of(String eventId) {
		return new Capture(eventId, null, null, null);
	}

	public Capture quantity(@Nullable BigDecimal value) {
		return new Capture(this.eventId, value, this.occurredAt, this.cost);
	}

	public Capture occurredAt(@Nullable Instant value) {
		return new Capture(this.eventId, this.quantity, value, this.cost);
	}

	public Capture cost(@Nullable BigDecimal value) {
		return new Capture(this.eventId, this.quantity, this.occurredAt, value);
	}

}

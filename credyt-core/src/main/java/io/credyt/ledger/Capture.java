package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Turns a hold into a usage event and a debit.
 *
 * @param eventId the usage event id: the idempotency key
 * @param quantity the final quantity ({@code null}: as authorized)
 * @param occurredAt when the work happened ({@code null}: now)
 */
public record Capture(String eventId, @Nullable BigDecimal quantity, @Nullable Instant occurredAt) {

	public static Capture of(String eventId) {
		return new Capture(eventId, null, null);
	}

	public Capture quantity(@Nullable BigDecimal value) {
		return new Capture(this.eventId, value, this.occurredAt);
	}

	public Capture occurredAt(@Nullable Instant value) {
		return new Capture(this.eventId, this.quantity, value);
	}

}

package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Usage to record and bill directly, without a hold.
 *
 * @param id the idempotency key: the same id is billed at most once
 * @param customer the customer's external id
 * @param product the product code
 * @param quantity the quantity
 * @param dimensions the dimension values
 * @param occurredAt when the work happened ({@code null}: now)
 */
public record UsageEvent(String id, String customer, String product, BigDecimal quantity,
		Map<String, String> dimensions, @Nullable Instant occurredAt) {

	public UsageEvent {
		dimensions = (dimensions != null) ? Map.copyOf(dimensions) : Map.of();
	}

	public static UsageEvent of(String id, String customer, String product, long quantity) {
		return new UsageEvent(id, customer, product, BigDecimal.valueOf(quantity), Map.of(), null);
	}

	public UsageEvent dimensions(Map<String, String> value) {
		return new UsageEvent(this.id, this.customer, this.product, this.quantity, value, this.occurredAt);
	}

	public UsageEvent occurredAt(@Nullable Instant value) {
		return new UsageEvent(this.id, this.customer, this.product, this.quantity, this.dimensions, value);
	}

}

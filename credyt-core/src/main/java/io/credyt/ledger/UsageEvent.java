package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Usage to record and bill directly, without a hold.
 *
 * <p>
 * The {@link #cost() cost} is what this usage actually cost the operator, when the vendor says
 * (an API's bill for the call); without it the product's configured vendor cost × quantity is
 * recorded. It is bookkeeping for the profitability report and never changes the fee. It is not
 * part of the payload an event id is checked against: a replay of the same id with another cost
 * returns the first result, with the first cost.
 *
 * @param id the idempotency key: the same id is billed at most once
 * @param customer the customer's external id
 * @param product the product code
 * @param quantity the quantity
 * @param dimensions the dimension values
 * @param occurredAt when the work happened ({@code null}: now)
 * @param cost the actual vendor cost of this usage, in the base currency, zero or more
 * ({@code null}: the product's configured vendor cost)
 */
public record UsageEvent(String id, String customer, String product, BigDecimal quantity,
		Map<String, String> dimensions, @Nullable Instant occurredAt, @Nullable BigDecimal cost) {

	public UsageEvent {
		dimensions = (dimensions != null) ? Map.copyOf(dimensions) : Map.of();
	}

	/**
	 * Usage at the product's configured vendor cost.
	 * @param id the idempotency key
	 * @param customer the customer's external id
	 * @param product the product code
	 * @param quantity the quantity
	 * @param dimensions the dimension values
	 * @param occurredAt when the work happened ({@code null}: now)
	 */
	public UsageEvent(String id, String customer, String product, BigDecimal quantity, Map<String, String> dimensions,
			@Nullable Instant occurredAt) {
		this(id, customer, product, quantity, dimensions, occurredAt, null);
	}

	public static UsageEvent of(String id, String customer, String product, long quantity) {
		return new UsageEvent(id, customer, product, BigDecimal.valueOf(quantity), Map.of(), null, null);
	}

	public UsageEvent dimensions(Map<String, String> value) {
		return new UsageEvent(this.id, this.customer, this.product, this.quantity, value, this.occurredAt, this.cost);
	}

	public UsageEvent occurredAt(@Nullable Instant value) {
		return new UsageEvent(this.id, this.customer, this.product, this.quantity, this.dimensions, value, this.cost);
	}

	public UsageEvent cost(@Nullable BigDecimal value) {
		return new UsageEvent(this.id, this.customer, this.product, this.quantity, this.dimensions, this.occurredAt,
				value);
	}

}

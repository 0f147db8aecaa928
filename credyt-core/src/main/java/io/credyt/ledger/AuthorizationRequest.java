package io.credyt.ledger;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Asks to reserve the fee for a usage before the work is done.
 *
 * @param customer the customer's external id
 * @param product the product code
 * @param quantity the estimated quantity
 * @param dimensions the dimension values
 */
public record AuthorizationRequest(String customer, String product, BigDecimal quantity,
		Map<String, String> dimensions) {

	public AuthorizationRequest {
		dimensions = (dimensions != null) ? Map.copyOf(dimensions) : Map.of();
	}

	public static AuthorizationRequest of(String customer, String product) {
		return new AuthorizationRequest(customer, product, BigDecimal.ONE, Map.of());
	}

	public AuthorizationRequest quantity(BigDecimal value) {
		return new AuthorizationRequest(this.customer, this.product, value, this.dimensions);
	}

	public AuthorizationRequest quantity(long value) {
		return quantity(BigDecimal.valueOf(value));
	}

	public AuthorizationRequest dimensions(Map<String, String> value) {
		return new AuthorizationRequest(this.customer, this.product, this.quantity, value);
	}

}

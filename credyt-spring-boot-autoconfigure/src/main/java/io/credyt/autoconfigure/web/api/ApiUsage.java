package io.credyt.autoconfigure.web.api;

import java.time.Instant;
import java.util.Map;

/**
 * One usage event billed to the customer.
 *
 * @param id the usage event id
 * @param product the product code
 * @param quantity the quantity billed, as an exact decimal
 * @param dimensions the dimension values, e.g. {@code quality=hd}
 * @param occurredAt when the work happened
 * @param asset the asset charged
 * @param fee the money charged, as an exact decimal
 * @param feeDisplay the fee for people: {@code "$0.40"}, or {@code "Included"} when free units paid
 * for all of it
 * @param freeUnits the units free allowances covered, as an exact decimal
 */
public record ApiUsage(String id, String product, String quantity, Map<String, String> dimensions,
		Instant occurredAt, String asset, String fee, String feeDisplay, String freeUnits) {

	public ApiUsage {
		dimensions = Map.copyOf(dimensions);
	}

}

package io.credyt.autoconfigure.web.api;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The signed-in customer's plan, in {@code GET <api-path>/balance}: present while a subscription is
 * active or past due.
 *
 * @param code the plan code
 * @param name the plan's name
 * @param status {@code active} or {@code past_due}
 * @param text the line a page shows: {@code Pro · 143 of 200 images left · renews 1 Jan}
 * @param renewsAt when it renews, or {@code null} (cancelling, past due)
 * @param endsAt when it ends (cancelled at the period's end), or {@code null}
 * @param included what is left of each product's allowance this period
 */
public record ApiPlan(String code, String name, String status, String text, @Nullable Instant renewsAt,
		@Nullable Instant endsAt, List<Included> included) {

	public ApiPlan {
		included = List.copyOf(included);
	}

	/**
	 * A product's allowance this period.
	 * @param product the product code
	 * @param left units left
	 * @param included units included per period
	 */
	public record Included(String product, long left, long included) {
	}

}

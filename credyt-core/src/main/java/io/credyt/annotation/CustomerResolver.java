package io.credyt.annotation;

import org.jspecify.annotations.Nullable;

/**
 * Finds the customer a {@link Billable} call bills when the annotation names none: the
 * application's id for the current user.
 */
@FunctionalInterface
public interface CustomerResolver {

	/**
	 * The current customer's external id.
	 * @return the id, or {@code null} when there is no current customer
	 */
	@Nullable String currentCustomer();

}

package io.credyt.catalog;

import org.jspecify.annotations.Nullable;

import io.credyt.CredytException;

/**
 * A dimension the product does not declare, a value outside the declared ones, or dimensions
 * for which no price applies.
 */
public class InvalidDimensionException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String product;

	private final String dimension;

	private final @Nullable String value;

	public InvalidDimensionException(String product, String dimension, @Nullable String value, String reason) {
		super("Product '" + product + "', dimension '" + dimension + "'"
				+ ((value != null) ? " = '" + value + "'" : "") + ": " + reason);
		this.product = product;
		this.dimension = dimension;
		this.value = value;
	}

	public String product() {
		return this.product;
	}

	public String dimension() {
		return this.dimension;
	}

	public @Nullable String value() {
		return this.value;
	}

}

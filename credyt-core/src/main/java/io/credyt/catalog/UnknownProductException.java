package io.credyt.catalog;

import io.credyt.CredytException;

/** A product code that the catalog does not declare. */
public class UnknownProductException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String product;

	public UnknownProductException(String product) {
		super("Unknown product '" + product + "'");
		this.product = product;
	}

	public String product() {
		return this.product;
	}

}

package io.credyt.annotation;

import io.credyt.CredytException;

/**
 * A billable call found no customer to bill (no one signed in, or the customer expression gave
 * {@code null}). The method was not invoked and nothing was written.
 */
public class CustomerRequiredException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String method;

	public CustomerRequiredException(String method) {
		super("No customer to bill for " + method);
		this.method = method;
	}

	/** @return the billable method, as {@code Class.method} */
	public String method() {
		return this.method;
	}

}

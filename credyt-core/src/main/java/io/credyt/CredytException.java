package io.credyt;

/**
 * Base of every error the billing engine raises on purpose. Each subclass is a distinct, typed
 * condition that carries what the caller needs to react to it; none of them leaves anything
 * written behind.
 */
public abstract class CredytException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	protected CredytException(String message) {
		super(message);
	}

	protected CredytException(String message, Throwable cause) {
		super(message, cause);
	}

}

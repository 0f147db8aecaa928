package io.credyt.adjust;

import io.credyt.CredytException;

/**
 * The idempotency key was used before for a different action (another customer, kind or amount).
 * The first action stands; nothing was written for this one.
 */
public class ActionConflictException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String idempotencyKey;

	public ActionConflictException(String idempotencyKey) {
		super("Idempotency key '" + idempotencyKey + "' was used for a different action");
		this.idempotencyKey = idempotencyKey;
	}

	public String idempotencyKey() {
		return this.idempotencyKey;
	}

}

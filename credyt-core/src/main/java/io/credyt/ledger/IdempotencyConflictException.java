package io.credyt.ledger;

import io.credyt.CredytException;

/**
 * A usage event id was reused with a different payload (customer, product, quantity or
 * dimensions). The first event stands; nothing was charged for this one.
 */
public class IdempotencyConflictException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String eventId;

	public IdempotencyConflictException(String eventId) {
		super("Usage event '" + eventId + "' was already recorded with a different payload");
		this.eventId = eventId;
	}

	public String eventId() {
		return this.eventId;
	}

}

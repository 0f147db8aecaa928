package io.credyt.ledger;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.CredytException;

/**
 * A hold that does not exist or has already ended (captured, released or expired) cannot be
 * captured or released again.
 */
public class HoldNotActiveException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final UUID holdId;

	private final @Nullable HoldStatus status;

	public HoldNotActiveException(UUID holdId, @Nullable HoldStatus status) {
		super("Hold " + holdId + ((status != null) ? " is " + status.name().toLowerCase() : " does not exist"));
		this.holdId = holdId;
		this.status = status;
	}

	public UUID holdId() {
		return this.holdId;
	}

	/** @return the hold's status, or {@code null} when there is no such hold */
	public @Nullable HoldStatus status() {
		return this.status;
	}

}

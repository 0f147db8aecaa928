package io.credyt.engine;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.UsageRecord;

/**
 * What one command of a batch came to. Handed to its caller only after the batch committed.
 */
public sealed interface Outcome {

	/** A hold was placed. */
	record Placed(Hold hold) implements Outcome {
	}

	/** A usage was recorded (directly or by a capture). */
	record Recorded(UsageRecord usage) implements Outcome {
	}

	/** A hold was released or expired. */
	record Ended(UUID holdId, HoldStatus status) implements Outcome {
	}

	/** The command was refused (insufficient balance, bad input found late); nothing of it was written. */
	record Failed(RuntimeException error) implements Outcome {
	}

	/**
	 * The usage event id was billed already (before this batch or earlier in it): the caller
	 * reads the first result and compares payloads. A capture's hold was released in the batch.
	 * @param eventId the event id
	 * @param fingerprint this command's payload fingerprint
	 */
	record Replay(String eventId, String fingerprint) implements Outcome {
	}

	/**
	 * The hold is no longer active.
	 * @param holdId the hold
	 * @param status its status, {@code null} when it does not exist
	 * @param usageEventId the event it was captured as, if any
	 */
	record NotActive(UUID holdId, @Nullable HoldStatus status, @Nullable String usageEventId) implements Outcome {
	}

}

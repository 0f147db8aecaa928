package io.credyt.ledger;

/** A hold ends exactly once: captured, released or expired. */
public enum HoldStatus {

	/** Funds are reserved. */
	ACTIVE,

	/** Became a debit. */
	CAPTURED,

	/** Given back: the work failed or was cancelled. */
	RELEASED,

	/** Given back by the sweeper after its time-to-live: the process holding it died. */
	EXPIRED

}

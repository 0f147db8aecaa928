package io.credyt.ledger;

/** What a ledger entry records. */
public enum EntryType {

	/** A usage fee (negative). */
	USAGE,

	/** A credit grant becoming effective (positive). */
	GRANT,

	/** What was left of a grant when it expired (negative). */
	GRANT_EXPIRY,

	/** A signed correction. */
	ADJUSTMENT

}

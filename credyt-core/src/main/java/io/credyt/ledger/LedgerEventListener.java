package io.credyt.ledger;

import java.util.List;

/**
 * Hears the ledger's changes inside the transaction that makes them, before it commits.
 *
 * <p>
 * A listener runs on the committing thread, on the transaction's own connection: a statement it
 * runs through a {@code JdbcTemplate} on the ledger's {@code DataSource} joins the transaction,
 * so an outbox row commits exactly when the change does. It must be quick and must not call
 * out to other systems (do that after the commit, e.g. from a
 * {@code TransactionSynchronization#afterCommit}). A listener that throws rolls the change back
 * and the caller sees the error.
 */
@FunctionalInterface
public interface LedgerEventListener {

	/** A listener that hears nothing. */
	LedgerEventListener NONE = (events) -> {
	};

	/**
	 * Called once per transaction with its changes in the order they were made.
	 * @param events the changes about to commit
	 */
	void committing(List<LedgerEvent> events);

}

package io.credyt.autoconfigure.jdbc;

import java.util.List;

import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;

/**
 * Tells every listener bean, in their order, inside the ledger's transaction. A listener that
 * throws rolls the change back (an outbox row that cannot be written must not let the change
 * commit without it), so the others are not told.
 */
public final class CompositeLedgerEventListener implements LedgerEventListener {

	private final List<LedgerEventListener> listeners;

	public CompositeLedgerEventListener(List<LedgerEventListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void committing(List<LedgerEvent> events) {
		for (LedgerEventListener listener : this.listeners) {
			listener.committing(events);
		}
	}

}

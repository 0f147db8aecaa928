package io.credyt.autoconfigure.jdbc;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;

import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;

/**
 * Tells every listener bean, in their order, inside the ledger's transaction. A listener that
 * throws rolls the change back (an outbox row that cannot be written must not let the change
 * commit without it), so the others are not told.
 */
public final class CompositeLedgerEventListener implements LedgerEventListener {

	private final List<LedgerEventListener> listeners;

	private CompositeLedgerEventListener(List<LedgerEventListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * The listener beans as one, in their order: what the ledger and the services writing beside
	 * it (adjustments, subscriptions) tell of their changes.
	 * @param listeners the listener beans
	 * @return one listener telling them all, or {@link LedgerEventListener#NONE} when there are none
	 */
	public static LedgerEventListener of(ObjectProvider<LedgerEventListener> listeners) {
		List<LedgerEventListener> hearing = listeners.orderedStream().toList();
		return hearing.isEmpty() ? LedgerEventListener.NONE : new CompositeLedgerEventListener(hearing);
	}

	@Override
	public void committing(List<LedgerEvent> events) {
		for (LedgerEventListener listener : this.listeners) {
			listener.committing(events);
		}
	}

}

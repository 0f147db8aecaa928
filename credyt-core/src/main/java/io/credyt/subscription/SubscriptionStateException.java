package io.credyt.subscription;

import io.credyt.CredytException;

/**
 * The subscription is not in a state that allows the change (subscribing while subscribed,
 * reactivating one not cancelled, changing one that ended). Nothing was written.
 */
public class SubscriptionStateException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final SubscriptionStatus status;

	public SubscriptionStateException(SubscriptionStatus status, String message) {
		super(message);
		this.status = status;
	}

	public SubscriptionStatus status() {
		return this.status;
	}

}

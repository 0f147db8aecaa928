package io.credyt.subscription;

import io.credyt.CredytException;

/** No such subscription for this customer (none at all, or another customer's: the same answer). */
public class UnknownSubscriptionException extends CredytException {

	private static final long serialVersionUID = 1L;

	public UnknownSubscriptionException(String customer) {
		super("No such subscription for this customer");
	}

}

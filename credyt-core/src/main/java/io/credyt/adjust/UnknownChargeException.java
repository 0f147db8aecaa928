package io.credyt.adjust;

import io.credyt.CredytException;

/**
 * No such charge for this customer: the usage event does not exist, or it is another customer's
 * (the two are not told apart, so one customer's ids reveal nothing of another's). Nothing was
 * written.
 */
public class UnknownChargeException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String customer;

	private final String usageEventId;

	public UnknownChargeException(String customer, String usageEventId) {
		super("Customer '" + customer + "' has no charge '" + usageEventId + "'");
		this.customer = customer;
		this.usageEventId = usageEventId;
	}

	public String customer() {
		return this.customer;
	}

	public String usageEventId() {
		return this.usageEventId;
	}

}

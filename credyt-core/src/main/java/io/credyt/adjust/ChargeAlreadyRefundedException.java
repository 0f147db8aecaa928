package io.credyt.adjust;

import io.credyt.CredytException;

/**
 * The charge was refunded before, by another action: a charge is refunded at most once. Nothing
 * was written.
 */
public class ChargeAlreadyRefundedException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String usageEventId;

	public ChargeAlreadyRefundedException(String usageEventId) {
		super("Charge '" + usageEventId + "' was refunded already");
		this.usageEventId = usageEventId;
	}

	public String usageEventId() {
		return this.usageEventId;
	}

}

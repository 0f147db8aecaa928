package io.credyt.annotation;

import java.util.UUID;

import io.credyt.CredytException;

/**
 * A billable method returned, but its usage could not be recorded: capturing its hold failed (the
 * database went away during the commit, say). The caller must not take the call for a success;
 * the cause says what failed. Nothing was charged unless the commit went through before the
 * connection was lost; otherwise the hold stays active until the sweeper expires it and gives its
 * amount back to the wallet.
 *
 * <p>
 * It is typed so that a web layer can answer it as a server error: without it, a failure whose
 * cause chain ends in an {@code EOFException} or a "connection reset" (as a dropped database
 * connection does) passes for a client that went away, and Spring MVC answers such a request with
 * an empty {@code 200 OK}.
 */
public class UsageNotRecordedException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String method;

	private final String customer;

	private final String product;

	private final UUID holdId;

	private final String eventId;

	/**
	 * Creates the exception.
	 * @param method the billable method, as {@code Class.method}
	 * @param customer the customer the call was for
	 * @param product the product it bills
	 * @param holdId the hold that was not captured
	 * @param eventId the usage event's id (the idempotency key)
	 * @param cause what failed
	 */
	public UsageNotRecordedException(String method, String customer, String product, UUID holdId, String eventId,
			Throwable cause) {
		super("@Billable method " + method + " returned, but its usage of " + product + " by " + customer
				+ " could not be recorded (hold " + holdId + ", usage event " + eventId + ")", cause);
		this.method = method;
		this.customer = customer;
		this.product = product;
		this.holdId = holdId;
		this.eventId = eventId;
	}

	/** @return the billable method, as {@code Class.method} */
	public String method() {
		return this.method;
	}

	/** @return the customer's external id */
	public String customer() {
		return this.customer;
	}

	/** @return the product code */
	public String product() {
		return this.product;
	}

	/** @return the hold that was not captured */
	public UUID holdId() {
		return this.holdId;
	}

	/** @return the usage event's id */
	public String eventId() {
		return this.eventId;
	}

}

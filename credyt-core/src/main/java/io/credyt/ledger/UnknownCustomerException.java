package io.credyt.ledger;

import io.credyt.CredytException;

/**
 * The ledger knows no customer with this external id, and the operation does not create one.
 * Nothing was written.
 */
public class UnknownCustomerException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String customer;

	public UnknownCustomerException(String customer) {
		super("No customer '" + customer + "'");
		this.customer = customer;
	}

	public String customer() {
		return this.customer;
	}

}

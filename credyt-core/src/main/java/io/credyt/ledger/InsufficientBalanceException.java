package io.credyt.ledger;

import java.math.BigDecimal;

import io.credyt.CredytException;

/**
 * The wallet cannot cover a fee: nothing was reserved or charged.
 */
public class InsufficientBalanceException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String customer;

	private final String product;

	private final String asset;

	private final BigDecimal required;

	private final BigDecimal available;

	public InsufficientBalanceException(String customer, String product, String asset, BigDecimal required,
			BigDecimal available) {
		super("Customer '" + customer + "' cannot cover " + required.stripTrailingZeros().toPlainString() + " " + asset
				+ " for '" + product + "': " + available.stripTrailingZeros().toPlainString() + " available");
		this.customer = customer;
		this.product = product;
		this.asset = asset;
		this.required = required;
		this.available = available;
	}

	/** @return the customer's external id */
	public String customer() {
		return this.customer;
	}

	/** @return the product code (or the adjustment reason for a negative adjustment) */
	public String product() {
		return this.product;
	}

	/** @return the asset code */
	public String asset() {
		return this.asset;
	}

	/** @return the amount that was needed */
	public BigDecimal required() {
		return this.required;
	}

	/** @return the amount that was available, plus the overdraft limit */
	public BigDecimal available() {
		return this.available;
	}

}

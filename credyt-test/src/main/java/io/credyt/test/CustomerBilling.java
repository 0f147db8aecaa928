package io.credyt.test;

import java.util.List;

import io.credyt.ledger.Balance;
import io.credyt.ledger.UsageRecord;

/**
 * A customer's billing at one moment, for assertions: their balance and every usage event billed
 * to them, newest first.
 *
 * @param customer the customer's external id
 * @param balance the balance
 * @param usage every usage event, newest first
 */
public record CustomerBilling(String customer, Balance balance, List<UsageRecord> usage) {

	public CustomerBilling {
		usage = List.copyOf(usage);
	}

	/** @return how many usage events were billed */
	public long usageCount() {
		return this.usage.size();
	}

	/**
	 * @param product the product code
	 * @return how many usage events of the product were billed
	 */
	public long usageCount(String product) {
		return this.usage.stream().filter((record) -> record.product().equals(product)).count();
	}

}

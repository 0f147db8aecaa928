package io.credyt.engine;

/**
 * One account: a customer's wallet in one asset. Ordered the way locks are taken.
 *
 * @param customerId the customer's internal id
 * @param asset the asset code
 */
public record AccountKey(long customerId, String asset) implements Comparable<AccountKey> {

	@Override
	public int compareTo(AccountKey other) {
		int byCustomer = Long.compare(this.customerId, other.customerId);
		return (byCustomer != 0) ? byCustomer : this.asset.compareTo(other.asset);
	}

}

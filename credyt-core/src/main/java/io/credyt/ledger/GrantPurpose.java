package io.credyt.ledger;

/**
 * Why a credit grant exists, which sets its default consumption priority: promotional value is
 * used first, then bundled, then paid. Revenue is recognized only when paid value is consumed.
 */
public enum GrantPurpose {

	/** Free value (a sign-up bonus, a gift); consumed first. */
	PROMOTIONAL(10),

	/** Value that came with a plan or package; consumed after promotional value. */
	BUNDLED(20),

	/** Value the customer paid for (a top-up); consumed last. */
	PAID(30);

	private final int defaultPriority;

	GrantPurpose(int defaultPriority) {
		this.defaultPriority = defaultPriority;
	}

	/**
	 * The priority a grant of this purpose gets unless one is given; lower is consumed first.
	 * @return the default priority
	 */
	public int defaultPriority() {
		return this.defaultPriority;
	}

}

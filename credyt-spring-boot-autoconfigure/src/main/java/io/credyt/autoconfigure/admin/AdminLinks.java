package io.credyt.autoconfigure.admin;

/**
 * The dashboard's own paths, for its templates ({@code @{${links.customer(id)}}}), relative to
 * the application's context path.
 */
public final class AdminLinks {

	private final String path;

	AdminLinks(String path) {
		this.path = path;
	}

	/**
	 * The customer list.
	 * @return its path
	 */
	public String customers() {
		return this.path;
	}

	/**
	 * A customer's page, with the external id encoded as one path segment.
	 * @param externalId the customer's external id
	 * @return its path
	 */
	public String customer(String externalId) {
		return CredytAdminController.customerPath(this.path, externalId);
	}

	/**
	 * Every charge.
	 * @return its path
	 */
	public String charges() {
		return this.path + "/charges";
	}

	/**
	 * The profitability report.
	 * @return its path
	 */
	public String profitability() {
		return this.path + "/profitability";
	}

	/**
	 * The profitability report as CSV.
	 * @return its path
	 */
	public String profitabilityCsv() {
		return this.path + "/profitability.csv";
	}

	/**
	 * Every top-up payment.
	 * @return its path
	 */
	public String topUps() {
		return this.path + "/top-ups";
	}

	/**
	 * Customers whose last auto top-up failed.
	 * @return its path
	 */
	public String failingAutoTopUps() {
		return this.path + "/auto-top-ups/failing";
	}

	/**
	 * Every subscription, with the counts by status and the monthly recurring revenue.
	 * @return its path
	 */
	public String subscriptions() {
		return this.path + "/subscriptions";
	}

	/**
	 * The webhook destinations and their latest deliveries.
	 * @return its path
	 */
	public String webhooks() {
		return this.path + "/webhooks";
	}

}

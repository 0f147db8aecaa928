package io.credyt.report;

import java.util.List;

/**
 * Per customer, what usage and subscription fees earned and what usage cost over a period, the
 * least profitable customer first (lowest margin, then lowest revenue, then external id), with
 * totals over every customer.
 *
 * @param query what the report covers
 * @param currency the base currency every amount is in
 * @param customers the customers listed, at most the query's limit
 * @param customerCount how many customers had usage or subscription revenue in the period, listed
 * or not
 * @param totals every customer's usage together
 */
public record ProfitabilityReport(ProfitabilityQuery query, String currency, List<CustomerProfitability> customers,
		long customerCount, ProfitabilityLine totals) {

	public ProfitabilityReport {
		customers = List.copyOf(customers);
	}

}

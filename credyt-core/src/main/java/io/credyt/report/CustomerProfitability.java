package io.credyt.report;

/**
 * One customer's line of a profitability report.
 *
 * @param customer the customer's external id
 * @param line what their usage earned and cost
 */
public record CustomerProfitability(String customer, ProfitabilityLine line) {
}

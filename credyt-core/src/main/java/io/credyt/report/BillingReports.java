package io.credyt.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.credyt.ledger.Hold;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageRecord;
import io.credyt.subscription.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * Read-only views across customers for the operator dashboard and the portal; the JDBC
 * implementation is {@code io.credyt.jdbc.JdbcBillingReports}. Nothing here writes.
 */
public interface BillingReports {

	/**
	 * Customers with their balance in one asset.
	 * @param search a part of the external id to look for (case-insensitive), or {@code null}
	 * for all
	 * @param asset the asset to show
	 * @param sort the sort key
	 * @param descending whether the largest (or latest) comes first
	 * @param page which page
	 * @return the page
	 */
	Page<CustomerSummary> customers(@Nullable String search, String asset, CustomerSort sort, boolean descending,
			PageRequest page);

	/**
	 * Recorded usage (charges), newest first.
	 * @param customer a customer's external id, or {@code null} for every customer's
	 * @param page which page
	 * @return the page
	 */
	Page<UsageRecord> charges(@Nullable String customer, PageRequest page);

	/**
	 * A customer's active holds, newest first.
	 * @param customer the customer's external id
	 * @return the holds
	 */
	List<Hold> activeHolds(String customer);

	/**
	 * The usage fees a customer was charged in an asset in {@code [from, to)}.
	 * @param customer the customer's external id
	 * @param asset the asset
	 * @param from the start, inclusive
	 * @param to the end, exclusive
	 * @return the total, zero when none
	 */
	BigDecimal spend(String customer, String asset, Instant from, Instant to);

	/**
	 * What each customer's usage earned and cost over a period, and the revenue of the
	 * subscription fees collected in it (by when they were collected, less paid value credited back
	 * at upgrades), the least profitable first. Subscription fees are not split by product: a report
	 * of one product or vendor leaves them out.
	 * @param query the period, an optional product or vendor, and how many customers to list
	 * @return the report, in the base currency
	 * @throws io.credyt.InvalidRequestException for a product or vendor the catalog does not have
	 */
	ProfitabilityReport profitability(ProfitabilityQuery query);

	/**
	 * What usage and subscription fees earned and usage cost on each UTC day of a period, every
	 * customer together, days without either included (as zero); the query's limit does not apply.
	 * @param query the period, an optional product or vendor
	 * @return one entry per day the period touches, in order
	 * @throws io.credyt.InvalidRequestException for a product or vendor the catalog does not have
	 */
	List<DailyProfitability> dailyProfitability(ProfitabilityQuery query);

	/**
	 * Subscriptions that are active but end at their period's end instead of renewing (their
	 * customer cancelled them), most recently changed first: what the subscriptions' own listing by
	 * status cannot tell apart from those that renew.
	 * @param page which page
	 * @return the page; its total is how many there are
	 */
	Page<Subscription> cancellingSubscriptions(PageRequest page);

	/**
	 * What one customer's usage was charged in one asset on each UTC day of a period, days without
	 * usage included (as zero). A customer the ledger does not know has only zero days.
	 * @param query the customer, the asset and the period
	 * @return the days, in order, and their totals
	 * @throws io.credyt.InvalidRequestException for a malformed customer id or asset code
	 */
	SpendHistory dailySpend(SpendQuery query);

}

package io.credyt.report;

/** How the dashboard's customer list is sorted. */
public enum CustomerSort {

	/** By the application's user id. */
	EXTERNAL_ID,

	/** By when the ledger first saw the customer. */
	CREATED,

	/** By available balance in the report's asset. */
	AVAILABLE,

	/** By usage fees charged this calendar month (UTC). */
	SPEND_THIS_MONTH

}

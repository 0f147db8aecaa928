package io.credyt.autoconfigure.portal;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.credyt.autoconfigure.admin.DailyChart;

/**
 * What the portal page shows one customer, formatted for the template. A section whose service
 * the application does not have (plans, top-ups, auto top-up, the payment store, reports) is
 * {@code null} and left out.
 *
 * @param path the portal's path
 * @param customer the customer's external id
 * @param returnUrl where "Back to the app" goes
 * @param balances the available balance of each asset
 * @param entitlements the product allowances and what is left of them
 * @param plan the customer's plan and what they may do with it, or the plans to subscribe to
 * @param spendThisMonth usage fees since the start of the month (UTC), per asset
 * @param spendHistory the usage fees per day of the last 30 days, per asset spent in (the display
 * asset when none was)
 * @param topUp the manual top-up form
 * @param autoTopUp the auto top-up settings and status
 * @param payments the latest payments (top-ups and subscription fees), failed ones with their reason
 * @param usage a page of the usage history
 * @param transactions a page of the ledger: top-ups, charges, refunds, grants
 */
public record PortalPage(String path, String customer, String returnUrl, List<Amount> balances,
		List<EntitlementLine> entitlements, @Nullable PlanSection plan, @Nullable List<Amount> spendThisMonth,
		@Nullable List<SpendHistory> spendHistory, @Nullable TopUpForm topUp,
		@Nullable AutoTopUpForm autoTopUp, @Nullable List<PaymentLine> payments, Table<UsageLine> usage,
		Table<TransactionLine> transactions) {

	/**
	 * An amount of an asset.
	 *
	 * @param asset the asset code
	 * @param label the asset's label, e.g. {@code USD} or {@code credits}
	 * @param amount the formatted amount, e.g. {@code $4.50}
	 */
	public record Amount(String asset, String label, String amount) {
	}

	/**
	 * A product allowance.
	 *
	 * @param product the product's name
	 * @param left e.g. "8 of 10 images left"
	 * @param detail e.g. "One-time" or "Renews 1 Feb 2025"
	 */
	public record EntitlementLine(String product, String left, String detail) {
	}

	/**
	 * The plan section: the customer's subscription and what they may do with it, or, when they
	 * have none that has not ended, the plans they may subscribe to.
	 *
	 * @param current the subscription that has not ended (one still waiting for its first fee
	 * included), or {@code null}
	 * @param ended e.g. "Your Pro subscription ended on 1 Jan 2027.", or {@code null}
	 * @param plans the plans to subscribe to: all of them while there is no subscription, or only
	 * one waiting for its first fee (a new start replaces it); none otherwise
	 * @param card whether a fee can be paid by card (the application has a payment provider)
	 * @param testMode whether card payments move no money
	 * @param idempotencyKey makes a form sent twice change nothing more
	 */
	public record PlanSection(@Nullable CurrentPlan current, @Nullable String ended, List<PlanOffer> plans,
			boolean card, boolean testMode, String idempotencyKey) {
	}

	/**
	 * The customer's subscription.
	 *
	 * @param id the subscription's id, which every form sends back
	 * @param code the plan's code
	 * @param name the plan's name, e.g. "Pro"
	 * @param fee e.g. "$20.00 / month"
	 * @param status "Active", "Cancelling", "Past due" or "Awaiting payment"
	 * @param statusClass the status badge's class: {@code succeeded}, {@code pending} or
	 * {@code failed}
	 * @param when e.g. "Renews 1 Jan 2027", "Ends 1 Jan 2027" or "Payment due since 1 Jan 2027"
	 * @param paidBy e.g. "Paid by card" or "Paid from your balance"
	 * @param failureReason why the last fee could not be collected, or {@code null}
	 * @param nextAttempt e.g. "Next attempt 2 Jan 2027, 10:00 UTC", or {@code null}
	 * @param nextPlan e.g. "Moves to Basic on 1 Jan 2027", or {@code null}
	 * @param allowances what is left of the period's allowance, e.g. "143 of 200 images left"
	 * @param prices what usage costs on the plan, e.g. "then $0.20 / image"
	 * @param changes the plans it may move to
	 * @param cancel what cancelling does, e.g. "It stays active until 1 Jan 2027; nothing more is
	 * charged.", or {@code null} when it cannot be cancelled (it is cancelled already)
	 * @param reactivate the label of the button that undoes a cancellation or a scheduled move
	 * ("Reactivate", "Keep Pro"), or {@code null} when there is nothing to undo
	 */
	public record CurrentPlan(String id, String code, String name, String fee, String status, String statusClass,
			@Nullable String when, String paidBy, @Nullable String failureReason, @Nullable String nextAttempt,
			@Nullable String nextPlan, List<String> allowances, List<String> prices, List<PlanChange> changes,
			@Nullable String cancel, @Nullable String reactivate) {
	}

	/**
	 * A plan to subscribe to.
	 *
	 * @param code the plan's code
	 * @param name the plan's name
	 * @param fee e.g. "$20.00 / month"
	 * @param included e.g. "200 images included"
	 * @param prices e.g. "then $0.20 / image", "$0.35 / image (quality: hd)"
	 * @param card whether it can be paid by card (there is a payment provider, and a fee to pay)
	 * @param free whether it costs nothing (then it is started without paying)
	 */
	public record PlanOffer(String code, String name, String fee, List<String> included, List<String> prices,
			boolean card, boolean free) {
	}

	/**
	 * A plan the subscription may move to.
	 *
	 * @param code the plan's code
	 * @param name the plan's name
	 * @param fee e.g. "$50.00 / month"
	 * @param upgrade whether it takes effect at once (it costs more)
	 * @param effect when it takes effect and what is charged or credited
	 */
	public record PlanChange(String code, String name, String fee, boolean upgrade, String effect) {
	}

	/**
	 * The fees a customer was charged per day in one asset, and their chart. Fees only: what the
	 * usage cost the operator is never on the page.
	 *
	 * @param asset the asset code
	 * @param label the asset's label
	 * @param total the period's fees, formatted
	 * @param events how many usage events the period had
	 * @param paid the fees paid from the customer's funds, formatted
	 * @param promotional the fees paid from promotional credit, formatted
	 * @param bundled the fees paid from the plan's credit, formatted
	 * @param scale the chart's largest amount, formatted
	 * @param chart the chart
	 * @param days each day, in the chart's order
	 */
	public record SpendHistory(String asset, String label, String total, long events, String paid,
			String promotional, String bundled, String scale, DailyChart chart, List<SpendDay> days) {
	}

	/**
	 * A day of a spend history.
	 *
	 * @param date e.g. "15 Jan 2025"
	 * @param fee the day's fees, formatted
	 * @param events how many usage events
	 * @param summary e.g. "15 Jan 2025: $0.40 in 1 event (paid $0.25, promotional $0.05, plan credit $0.10)"
	 * @param bar where the day's bar is drawn
	 */
	public record SpendDay(String date, String fee, long events, String summary, DailyChart.Day bar) {
	}

	/**
	 * The manual top-up form.
	 *
	 * @param presets the one-click amounts
	 * @param currency the currency paid in
	 * @param minimum the smallest amount, plain (for the input's bounds)
	 * @param maximum the largest amount, plain
	 * @param bounds e.g. "$5.00 to $500.00"
	 * @param idempotencyKey makes a resubmitted form start one checkout
	 * @param testMode whether payments go through a provider that moves no money (the built-in
	 * test provider, or Stripe with a test key)
	 */
	public record TopUpForm(List<Preset> presets, String currency, String minimum, String maximum, String bounds,
			String idempotencyKey, boolean testMode) {
	}

	/**
	 * A one-click top-up amount.
	 *
	 * @param value the amount, plain, e.g. {@code 10}
	 * @param label the amount, formatted, e.g. {@code $10.00}
	 */
	public record Preset(String value, String label) {
	}

	/**
	 * The auto top-up form and how auto top-up has been going.
	 *
	 * @param enabled whether it is on
	 * @param threshold the threshold, plain
	 * @param amount the amount, plain
	 * @param paymentMethod the selected saved card, or {@code null}
	 * @param cards the customer's saved cards
	 * @param thresholdAsset the label of the asset the threshold is in
	 * @param currency the currency the amount is paid in
	 * @param configured whether the customer has saved settings
	 * @param lastAttemptAt when a top-up was last tried, or {@code null}
	 * @param lastStatus how it ended, or {@code null}
	 * @param lastFailureReason why it failed, or {@code null}
	 * @param cooldownUntil no top-up starts before this time, or {@code null}
	 * @param attemptsToday top-ups tried today (UTC)
	 * @param inFlightSince when the top-up now in flight started, or {@code null}
	 */
	public record AutoTopUpForm(boolean enabled, String threshold, String amount, @Nullable String paymentMethod,
			List<Card> cards, String thresholdAsset, String currency, boolean configured,
			@Nullable String lastAttemptAt, @Nullable String lastStatus, @Nullable String lastFailureReason,
			@Nullable String cooldownUntil, int attemptsToday, @Nullable String inFlightSince) {
	}

	/**
	 * A saved card.
	 *
	 * @param value the provider's reference of the card
	 * @param label e.g. "Card ending 4242"
	 */
	public record Card(String value, String label) {
	}

	/**
	 * A payment: a top-up or a subscription's fee.
	 *
	 * @param time when it was started
	 * @param kind "Top-up", "Auto top-up" or a subscription's, e.g. "Pro subscription"
	 * @param amount the amount paid, formatted
	 * @param status "Succeeded", "Failed" or "Pending"
	 * @param failureReason why it failed, or {@code null}
	 */
	public record PaymentLine(String time, String kind, String amount, String status,
			@Nullable String failureReason) {
	}

	/**
	 * A recorded usage.
	 *
	 * @param time when the work happened
	 * @param product the product's name
	 * @param dimensions e.g. "quality: hd", empty when none
	 * @param quantity e.g. "3 images"
	 * @param fee the fee, formatted, or "Included" when entitlements covered it
	 */
	public record UsageLine(String time, String product, String dimensions, String quantity, String fee) {
	}

	/**
	 * A ledger entry.
	 *
	 * @param time when it was written
	 * @param type e.g. "Top-up", "Charge", "Refund", "Promotional credit"
	 * @param description what it was for, e.g. "1 image (quality: hd)"
	 * @param amount the signed amount, formatted, e.g. "+$10.00"
	 * @param credit whether it added value
	 */
	public record TransactionLine(String time, String type, String description, String amount, boolean credit) {
	}

	/**
	 * A page of a list.
	 *
	 * @param <T> the row type
	 * @param items the rows
	 * @param page the page index, from 0
	 * @param totalPages the number of pages, at least 1
	 * @param total the number of rows on all pages
	 * @param previous the previous page's index, or {@code null} on the first
	 * @param next the next page's index, or {@code null} on the last
	 */
	public record Table<T>(List<T> items, int page, int totalPages, long total, @Nullable Integer previous,
			@Nullable Integer next) {
	}

}

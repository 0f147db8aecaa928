package io.credyt.mcp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.credyt.adjust.ChargeRefund;
import io.credyt.adjust.ChargeRefunds;
import io.credyt.adjust.TopUpRefund;
import io.credyt.catalog.PriceRule;
import io.credyt.catalog.Product;
import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.Balance;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.Hold;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Asset;
import io.credyt.report.CustomerProfitability;
import io.credyt.report.ProfitabilityLine;

/**
 * What the billing tools return: small values that serialize to JSON, money as plain decimal
 * strings (never binary floating point), times as ISO-8601 strings.
 */
public final class ToolResults {

	private ToolResults() {
	}

	/** An amount of money: at least two decimals ("0.40"), more when it has them ("0.0125"). */
	static @Nullable String money(@Nullable BigDecimal amount) {
		if (amount == null) {
			return null;
		}
		BigDecimal stripped = amount.stripTrailingZeros();
		return stripped.setScale(Math.max(2, stripped.scale())).toPlainString();
	}

	/** A quantity of units or a rate, without trailing zeros ("3", "1.5"). */
	static @Nullable String number(@Nullable BigDecimal value) {
		return (value != null) ? value.stripTrailingZeros().toPlainString() : null;
	}

	static @Nullable String time(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/** The catalog: what can be billed and in which assets. */
	public record Catalog(List<ProductView> products, List<AssetView> assets) {
	}

	/** A product and its prices. */
	public record ProductView(String code, String unit, String unitPlural, String asset,
			Map<String, Set<String>> dimensions, List<PriceView> prices, @Nullable String packageSize,
			@Nullable String vendor, @Nullable String vendorCost) {

		static ProductView of(Product product) {
			List<PriceView> prices = new ArrayList<>();
			for (PriceRule rule : product.prices()) {
				prices.add(new PriceView(rule.when(), money(rule.unitPrice()), money(rule.unitCost())));
			}
			return new ProductView(product.code(), product.unit(), product.unitPlural(), product.asset(),
					product.dimensions(), prices, number(product.packageSize()), product.vendor(),
					money(product.vendorCost()));
		}

	}

	/** One price: when the dimensions match {@code when} ({@code *} matches any value), one unit costs this. */
	public record PriceView(Map<String, String> when, @Nullable String unitPrice, @Nullable String vendorCost) {
	}

	/** An asset: the base currency or a custom unit of value. */
	public record AssetView(String code, String label, String symbol, int precision, String rateToBase) {

		static AssetView of(Asset asset) {
			return new AssetView(asset.code(), asset.label(), asset.symbol(), asset.precision(),
					number(asset.rateToBase()));
		}

	}

	/** One account of a wallet. */
	public record AccountView(String asset, @Nullable String posted, @Nullable String held,
			@Nullable String available, @Nullable String overdraftLimit) {

		static AccountView of(AccountBalance account) {
			return new AccountView(account.asset(), money(account.posted()), money(account.held()),
					money(account.available()), money(account.overdraftLimit()));
		}

		static List<AccountView> of(Balance balance) {
			return balance.accounts().values().stream().map(AccountView::of).toList();
		}

	}

	/** An allowance of free units. */
	public record EntitlementView(String id, String product, @Nullable String units, @Nullable String used,
			@Nullable String left, String period, @Nullable String periodEnd, @Nullable String expiresAt,
			@Nullable String reference) {

		static EntitlementView of(Entitlement entitlement) {
			return new EntitlementView(entitlement.id().toString(), entitlement.product(), number(entitlement.units()),
					number(entitlement.used()), number(entitlement.remaining()), entitlement.period().name(),
					time(entitlement.periodEnd()), time(entitlement.expiresAt()), entitlement.reference());
		}

	}

	/** A lot of credit with what is left of it. */
	public record GrantView(String id, String asset, String purpose, @Nullable String amount,
			@Nullable String remaining, @Nullable String expiresAt, boolean effective) {

		static GrantView of(CreditGrant grant) {
			return new GrantView(grant.id().toString(), grant.asset(), grant.purpose().name(), money(grant.amount()),
					money(grant.remaining()), time(grant.expiresAt()), grant.effective());
		}

	}

	/** Funds reserved for work in progress. */
	public record HoldView(String id, String product, String asset, @Nullable String amount,
			@Nullable String quantity, @Nullable String createdAt, @Nullable String expiresAt) {

		static HoldView of(Hold hold) {
			return new HoldView(hold.id().toString(), hold.product(), hold.asset(), money(hold.amount()),
					number(hold.quantity()), time(hold.createdAt()), time(hold.expiresAt()));
		}

	}

	/** Which kinds of credit paid a fee. */
	public record SplitView(@Nullable String promotional, @Nullable String bundled, @Nullable String paid,
			@Nullable String unfunded) {

		static SplitView of(FeeSplit split) {
			return new SplitView(money(split.promotional()), money(split.bundled()), money(split.paid()),
					money(split.unfunded()));
		}

	}

	/** A usage event as billed. */
	public record ChargeView(String usageEventId, String product, @Nullable String quantity,
			Map<String, String> dimensions, String asset, @Nullable String fee, SplitView paidWith,
			@Nullable String entitledUnits, @Nullable String vendorCost, @Nullable String occurredAt,
			@Nullable Boolean refunded) {

		static ChargeView of(UsageRecord usage, @Nullable Boolean refunded) {
			return new ChargeView(usage.id(), usage.product(), number(usage.quantity()), usage.dimensions(),
					usage.asset(), money(usage.fee()), SplitView.of(usage.split()), number(usage.entitledUnits()),
					money(usage.cost()), time(usage.occurredAt()), refunded);
		}

	}

	/** A customer's billing at a glance. */
	public record CustomerView(String customer, @Nullable String createdAt, List<AccountView> wallet,
			List<EntitlementView> entitlements, List<GrantView> grantsWithCreditLeft, List<HoldView> activeHolds,
			List<ChargeView> lastUsage) {
	}

	/** A price worked out without reserving anything. */
	public record QuoteView(String customer, String product, @Nullable String quantity,
			Map<String, String> dimensions, String asset, @Nullable String unitPrice,
			@Nullable String feeWithoutEntitlements, @Nullable String unitsCoveredByEntitlements,
			@Nullable String feeToPay, @Nullable String walletAvailable, boolean walletCanPay) {
	}

	/** What a usage costs a brand-new customer, tried for real on a throw-away customer. */
	public record SimulationView(String customer, String note, @Nullable String startingBalance, ChargeView charge,
			List<AccountView> walletAfter, List<EntitlementView> entitlementsAfter) {
	}

	/** A top-up payment and what is left to refund of it. */
	public record TopUpView(String paymentId, String kind, String status, @Nullable String amount, String currency,
			@Nullable String refundable, @Nullable String createdAt, @Nullable String failureReason) {
	}

	/** One customer's line of the profitability report: usage revenue and subscription revenue apart. */
	public record ProfitabilityLineView(@Nullable String customer, long events, @Nullable String revenue,
			@Nullable String subscriptionRevenue, @Nullable String promotional, @Nullable String bundled,
			@Nullable String unfunded, @Nullable String vendorCost, @Nullable String margin,
			@Nullable String marginPercent) {

		static ProfitabilityLineView of(@Nullable String customer, ProfitabilityLine line) {
			return new ProfitabilityLineView(customer, line.events(), money(line.revenue()),
					money(line.subscriptionRevenue()), money(line.promotional()), money(line.bundled()),
					money(line.unfunded()), money(line.cost()), money(line.margin()), number(line.marginPercent()));
		}

		static ProfitabilityLineView of(CustomerProfitability customer) {
			return of(customer.customer(), customer.line());
		}

	}

	/** The profitability report, least profitable customer first. */
	public record ProfitabilityView(String from, String to, String currency, long customerCount,
			long unprofitableCustomers, List<ProfitabilityLineView> customers, ProfitabilityLineView totals) {
	}

	/** One refunded charge. */
	public record RefundedCharge(String usageEventId, String product, String asset, @Nullable String fee,
			SplitView returnedTo, @Nullable String unitsRestored) {

		static RefundedCharge of(ChargeRefund refund) {
			return new RefundedCharge(refund.usageEventId(), refund.product(), refund.asset(), money(refund.fee()),
					SplitView.of(refund.split()), number(refund.unitsRestored()));
		}

	}

	/** What a charge refund changed. */
	public record ChargeRefundView(String customer, String operator, boolean replayed, @Nullable String totalRefunded,
			List<RefundedCharge> refunded, List<String> alreadyRefunded, List<AccountView> walletAfter) {

		static ChargeRefundView of(String customer, String operator, ChargeRefunds refunds, Balance after) {
			return new ChargeRefundView(customer, operator, refunds.replayed(), money(refunds.total()),
					refunds.refunded().stream().map(RefundedCharge::of).toList(), refunds.alreadyRefunded(),
					AccountView.of(after));
		}

	}

	/** What a top-up refund changed. */
	public record TopUpRefundView(String refundId, String customer, String paymentId, String status,
			@Nullable String amount, String currency, String asset, @Nullable String debitedFromWallet,
			@Nullable String overdraftLimit, @Nullable String failureReason, String operator, boolean replayed,
			List<AccountView> walletAfter) {

		static TopUpRefundView of(TopUpRefund refund, Balance after) {
			return new TopUpRefundView(refund.id().toString(), refund.customer(), refund.paymentId(),
					refund.status().name(), money(refund.amount()), refund.currency(), refund.asset(),
					money(refund.debited()), money(refund.overdraftLimit()), refund.failureReason(), refund.operator(),
					refund.replayed(), AccountView.of(after));
		}

	}

	/** What a gift or correction changed. */
	public record AdjustmentView(String adjustmentId, String customer, String asset, @Nullable String amount,
			String reason, @Nullable String note, @Nullable String grantId, @Nullable String operator,
			List<AccountView> walletAfter) {

		static AdjustmentView of(Adjustment adjustment, Balance after) {
			return new AdjustmentView(adjustment.id().toString(), adjustment.customer(), adjustment.asset(),
					money(adjustment.amount()), adjustment.reason().name(), adjustment.note(),
					(adjustment.grantId() != null) ? adjustment.grantId().toString() : null, adjustment.actor(),
					AccountView.of(after));
		}

	}

	/** What granting an entitlement changed. */
	public record EntitlementGrantView(String customer, String operator, EntitlementView entitlement,
			List<EntitlementView> entitlementsAfter) {
	}

	/** What setting an overdraft limit changed. */
	public record OverdraftView(String customer, String asset, @Nullable String previousLimit,
			@Nullable String limit, String operator, List<AccountView> walletAfter) {
	}

	/** The effective billing configuration, secrets masked. */
	public record ConfigurationView(Map<String, String> properties, List<ProductView> products,
			@Nullable String paymentProvider, boolean paymentsLive, String mcpOperator) {
	}

}

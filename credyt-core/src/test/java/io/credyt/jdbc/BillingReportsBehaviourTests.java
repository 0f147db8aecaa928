package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.credyt.InvalidRequestException;
import io.credyt.adjust.OperatorAction;
import io.credyt.catalog.BillingInterval;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.PriceRule;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.report.BillingReports;
import io.credyt.report.CustomerProfitability;
import io.credyt.report.CustomerSort;
import io.credyt.report.CustomerSummary;
import io.credyt.report.DailyProfitability;
import io.credyt.report.DailySpend;
import io.credyt.report.ProfitabilityLine;
import io.credyt.report.ProfitabilityQuery;
import io.credyt.report.ProfitabilityReport;
import io.credyt.report.SpendHistory;
import io.credyt.report.SpendLine;
import io.credyt.report.SpendQuery;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionCharge;
import io.credyt.subscription.SubscriptionOptions;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.CREDITS;
import static io.credyt.testing.TestCatalog.HD;
import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.RENDER;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dashboard's reports: customers with their balances (searched, sorted, paged), charges,
 * active holds and spend, all read from what the ledger recorded.
 */
abstract class BillingReportsBehaviourTests extends LedgerTestSupport {

	private static final PageRequest FIRST_PAGE = PageRequest.of(0, 25);

	private BillingReports reports;

	BillingReportsBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	/** The test catalog with plans: Pro ($20 a month, 200 images, then $0.20), Max ($50), Studio (500 credits). */
	private static final Catalog PLANS = plans();

	private JdbcSubscriptions subscriptions;

	private static Catalog plans() {
		Catalog.Builder builder = Catalog.builder();
		TestCatalog.catalog().assets().forEach(builder::asset);
		TestCatalog.catalog().products().forEach(builder::product);
		builder.plan(new SubscriptionPlan("pro", "Pro", new BigDecimal("20.00"), USD, BillingInterval.MONTH,
				Map.of(IMAGE, new BigDecimal("200")),
				Map.of(IMAGE, List.of(new PriceRule(Map.of(), new BigDecimal("0.20"), null)))));
		builder.plan(new SubscriptionPlan("max", "Max", new BigDecimal("50.00"), USD, BillingInterval.MONTH,
				Map.of(IMAGE, new BigDecimal("1000")), Map.of()));
		builder.plan(new SubscriptionPlan("studio", "Studio", new BigDecimal("500"), CREDITS, BillingInterval.MONTH,
				Map.of(RENDER, new BigDecimal("10")), Map.of()));
		return builder.build();
	}

	@Override
	protected Ledger newLedger(DataSource dataSource) {
		return new JdbcLedger(dataSource, PLANS, options(), this.clock);
	}

	@BeforeEach
	void createReports() {
		this.reports = new JdbcBillingReports(this.dataSource, PLANS, this.clock);
		this.subscriptions = new JdbcSubscriptions(this.dataSource, new DataSourceTransactionManager(this.dataSource),
				PLANS, options(), this.clock, LedgerEventListener.NONE, new JdbcPaymentStore(this.dataSource, this.clock),
				null, SubscriptionOptions.defaults());
	}

	@Test
	void profitabilityRanksCustomersLeastProfitableFirstWithTotalsInTheBaseCurrency() {
		fourCustomersUseTheCatalog();

		ProfitabilityReport report = this.reports.profitability(ProfitabilityQuery.lastDays(this.clock));

		assertThat(report.currency()).isEqualTo(USD);
		assertThat(report.customerCount()).isEqualTo(4);
		assertThat(report.customers()).extracting(CustomerProfitability::customer)
			.as("lowest margin first").containsExactly("bob", "dave", "alice", "carol");
		// bob used only promotional credit: no revenue, the vendor's cost all the same
		assertLine(line(report, "bob"), 2, "0", "0.50", "-0.40", null);
		// dave paid 5 credits at $0.01 for a render with no vendor cost
		assertLine(line(report, "dave"), 1, "0.05", "0", "0.05", "100.00");
		assertLine(line(report, "alice"), 2, "0.50", "0", "0.10", "20.00");
		assertLine(line(report, "carol"), 1, "0.40", "0", "0.20", "50.00");
		assertThat(report.totals().cost()).isEqualByComparingTo("1.00");
		assertLine(report.totals(), 6, "0.95", "0.50", "-0.05", "-5.26");
	}

	@Test
	void everyCustomersProfitabilityMatchesTheSameSumsTakenStraightFromTheTables() {
		JdbcAdjustments adjustments = new JdbcAdjustments(this.dataSource, TestCatalog.catalog(), this.clock,
				new JdbcPaymentStore(this.dataSource, this.clock));
		java.util.Random random = new java.util.Random(42);
		for (int c = 0; c < 12; c++) {
			String customer = "customer-" + c;
			switch (c % 4) {
				case 0 -> this.ledger.topUp(customer, TopUpRequest.of("pay-" + c, "20.00", USD, USD));
				case 1 -> this.ledger.grant(customer, GrantRequest.promotional(USD, "1.00"));
				case 2 -> {
					this.ledger.grant(customer, GrantRequest.promotional(USD, "0.30"));
					this.ledger.topUp(customer, TopUpRequest.of("pay-" + c, "5.00", USD, USD));
				}
				default -> this.ledger.topUp(customer, TopUpRequest.of("pay-" + c, "2.00", USD, CREDITS));
			}
			for (int u = 0; u < 1 + random.nextInt(6); u++) {
				this.clock.advance(Duration.ofMinutes(7 + random.nextInt(300)));
				String id = customer + "-" + u;
				UsageEvent event = (c % 4 == 3) ? UsageEvent.of(id, customer, RENDER, 1)
						: UsageEvent.of(id, customer, IMAGE, 1).dimensions(random.nextBoolean() ? HD : Map.of());
				if (random.nextInt(3) == 0) {
					event = event.cost(new BigDecimal(random.nextInt(50)).movePointLeft(2));
				}
				try {
					this.ledger.record(event);
				}
				catch (io.credyt.ledger.InsufficientBalanceException ex) {
					// a promotional wallet runs dry: that usage was not billed, as in production
				}
				if (random.nextInt(5) == 0 && this.ledger.usage(id).isPresent()) {
					adjustments.refundCharge(customer, id, new OperatorAction("refund-" + id, "ops", "seeded"));
				}
			}
		}

		ProfitabilityReport report = this.reports.profitability(ProfitabilityQuery.lastDays(60, this.clock));

		List<List<Object>> expected = queryRows("""
				SELECT c.external_id, COUNT(*),
				  SUM((u.fee_paid - COALESCE(r.fee_paid, 0)) * CASE u.asset WHEN 'credits' THEN 0.01 ELSE 1 END),
				  SUM((u.fee_promotional - COALESCE(r.fee_promotional, 0)) * CASE u.asset WHEN 'credits' THEN 0.01 ELSE 1 END),
				  SUM(u.cost)
				FROM credyt_usage_event u JOIN credyt_customer c ON c.id = u.customer_id
				LEFT JOIN credyt_refund r ON r.usage_event_id = u.id
				GROUP BY c.external_id ORDER BY c.external_id""");
		assertThat(report.customers()).hasSize(expected.size());
		BigDecimal revenue = BigDecimal.ZERO;
		BigDecimal cost = BigDecimal.ZERO;
		for (List<Object> row : expected) {
			ProfitabilityLine line = line(report, (String) row.get(0));
			assertThat(line.events()).as("events of %s", row.get(0)).isEqualTo(((Number) row.get(1)).longValue());
			assertThat(line.revenue()).as("revenue of %s", row.get(0)).isEqualByComparingTo((BigDecimal) row.get(2));
			assertThat(line.promotional()).as("promotional of %s", row.get(0))
				.isEqualByComparingTo((BigDecimal) row.get(3));
			assertThat(line.cost()).as("cost of %s", row.get(0)).isEqualByComparingTo((BigDecimal) row.get(4));
			revenue = revenue.add((BigDecimal) row.get(2));
			cost = cost.add((BigDecimal) row.get(4));
		}
		assertThat(report.totals().revenue()).isEqualByComparingTo(revenue);
		assertThat(report.totals().cost()).isEqualByComparingTo(cost);
		assertThat(report.customers().get(0).line().margin()).as("someone cost more than they paid").isNegative();
		assertThat(report.customers()).extracting((customer) -> customer.line().margin())
			.isSortedAccordingTo(Comparator.naturalOrder());
	}

	@Test
	void subscriptionFeesAreRevenueReportedApartFromUsageAndCountInTheMargin() {
		this.ledger.topUp("alice", TopUpRequest.of("pay-alice", "50.00", USD, USD));
		this.ledger.topUp("bob", TopUpRequest.of("pay-bob", "10.00", USD, USD));
		this.ledger.grant("carol", GrantRequest.promotional(USD, "20.00"));
		this.clock.advance(Duration.ofMinutes(1));
		this.subscriptions.subscribeWithWallet("alice", "pro", "alice-pro");
		// carol's fee is paid with promotional credit: it earns nothing
		this.subscriptions.subscribeWithWallet("carol", "pro", "carol-pro");
		// alice's three images come out of Pro's allowance: no money, the vendor's cost all the same
		this.ledger.record(UsageEvent.of("a-1", "alice", IMAGE, 3));
		this.ledger.record(UsageEvent.of("b-1", "bob", IMAGE, 2));

		ProfitabilityReport report = this.reports.profitability(ProfitabilityQuery.lastDays(this.clock));

		assertThat(report.customers()).extracting(CustomerProfitability::customer)
			.as("carol earned and cost nothing").containsExactly("bob", "alice");
		ProfitabilityLine alice = line(report, "alice");
		assertThat(alice.subscriptionRevenue()).isEqualByComparingTo("20.00");
		assertThat(alice.revenue()).as("usage revenue").isEqualByComparingTo("0");
		assertThat(alice.bundled()).isEqualByComparingTo("0");
		assertThat(alice.cost()).isEqualByComparingTo("0.60");
		assertThat(alice.totalRevenue()).isEqualByComparingTo("20.00");
		assertLine(alice, 1, "0", "0", "19.40", "97.00");
		assertLine(line(report, "bob"), 1, "0.50", "0", "0.10", "20.00");
		assertThat(line(report, "bob").subscriptionRevenue()).isEqualByComparingTo("0");
		assertThat(report.totals().subscriptionRevenue()).isEqualByComparingTo("20.00");
		assertLine(report.totals(), 2, "0.50", "0", "19.50", "95.12");
		assertThat(report.customerCount()).isEqualTo(2);
		List<DailyProfitability> days = this.reports.dailyProfitability(ProfitabilityQuery.lastDays(this.clock));
		assertThat(days.get(days.size() - 1).line()).isEqualTo(report.totals());
		ProfitabilityReport images = this.reports.profitability(ProfitabilityQuery.lastDays(this.clock).product(IMAGE));
		assertThat(images.totals().subscriptionRevenue()).as("fees are not split by product").isEqualByComparingTo("0");
		assertThat(images.totals().revenue()).isEqualByComparingTo("0.50");
	}

	@Test
	void subscriptionFeesCountInThePeriodTheyWereCollectedAtTheirAssetsValue() {
		this.ledger.topUp("alice", TopUpRequest.of("pay-alice", "100.00", USD, USD));
		this.ledger.topUp("dave", TopUpRequest.of("pay-dave", "20.00", USD, CREDITS));
		Subscription pro = this.subscriptions.subscribeWithWallet("alice", "pro", "alice-pro");
		this.subscriptions.subscribeWithWallet("dave", "studio", "dave-studio");
		this.clock.set(pro.periodEnd());
		assertThat(this.subscriptions.renewDue(10)).isEqualTo(2);

		ProfitabilityReport all = this.reports.profitability(ProfitabilityQuery.lastDays(60, this.clock));
		ProfitabilityReport sinceRenewal = this.reports.profitability(
				new ProfitabilityQuery(pro.periodEnd(), pro.periodEnd().plusSeconds(1), null, null, 10));
		ProfitabilityReport beforeRenewal = this.reports.profitability(
				new ProfitabilityQuery(pro.periodStart(), pro.periodEnd(), null, null, 10));

		assertThat(line(all, "alice").subscriptionRevenue()).as("two fees").isEqualByComparingTo("40.00");
		assertThat(line(all, "dave").subscriptionRevenue()).as("two fees of 500 credits at $0.01")
			.isEqualByComparingTo("10.00");
		assertThat(line(sinceRenewal, "alice").subscriptionRevenue()).isEqualByComparingTo("20.00");
		assertThat(line(beforeRenewal, "alice").subscriptionRevenue()).isEqualByComparingTo("20.00");
		assertThat(all.totals().subscriptionRevenue()).isEqualByComparingTo("50.00");
	}

	@Test
	void theUnusedFeeCreditedAtAnUpgradeIsNoLongerRevenueOfTheFee() {
		this.ledger.topUp("alice", TopUpRequest.of("pay-alice", "100.00", USD, USD));
		Subscription pro = this.subscriptions.subscribeWithWallet("alice", "pro", "alice-pro");
		this.clock.advance(Duration.ofDays(10));
		this.subscriptions.changePlan("alice", pro.id(), "max", "alice-max");
		BigDecimal credited = paidCredits("alice");

		ProfitabilityReport report = this.reports.profitability(ProfitabilityQuery.lastDays(this.clock));

		assertThat(credited).as("the unused part of Pro's fee, back as paid value").isPositive()
			.isLessThan(new BigDecimal("20"));
		assertThat(chargeRevenue("alice")).as("Pro's fee and Max's").isEqualByComparingTo("70.00");
		assertThat(line(report, "alice").subscriptionRevenue())
			.isEqualByComparingTo(new BigDecimal("70.00").subtract(credited));
	}

	@Test
	void everyCustomersSubscriptionRevenueMatchesTheChargesTakenStraightFromTheTables() {
		java.util.Random random = new java.util.Random(7);
		List<Subscription> started = new ArrayList<>();
		for (int c = 0; c < 10; c++) {
			String customer = "subscriber-" + c;
			switch (c % 3) {
				case 0 -> this.ledger.topUp(customer, TopUpRequest.of("pay-" + c, "200.00", USD, USD));
				case 1 -> {
					this.ledger.grant(customer, GrantRequest.promotional(USD, "12.00"));
					this.ledger.topUp(customer, TopUpRequest.of("pay-" + c, "150.00", USD, USD));
				}
				default -> this.ledger.topUp(customer, TopUpRequest.of("pay-" + c, "30.00", USD, CREDITS));
			}
			this.clock.advance(Duration.ofMinutes(1 + random.nextInt(600)));
			started.add(this.subscriptions.subscribeWithWallet(customer, (c % 3 == 2) ? "studio" : "pro", "sub-" + c));
			this.ledger.record(UsageEvent.of("use-" + c, customer, (c % 3 == 2) ? RENDER : IMAGE, 1 + random.nextInt(5)));
		}
		this.clock.advance(Duration.ofDays(5));
		for (int c = 0; c < 10; c += 3) {
			this.subscriptions.changePlan("subscriber-" + c, started.get(c).id(), "max", "upgrade-" + c);
		}
		this.clock.advance(Duration.ofDays(27));
		this.subscriptions.renewDue(100);

		ProfitabilityReport report = this.reports.profitability(ProfitabilityQuery.lastDays(60, this.clock));

		List<List<Object>> charges = queryRows("""
				SELECT c.external_id, SUM(ch.revenue * CASE ch.currency WHEN 'credits' THEN 0.01 ELSE 1 END)
				FROM credyt_subscription_charge ch JOIN credyt_customer c ON c.id = ch.customer_id
				GROUP BY c.external_id ORDER BY c.external_id""");
		assertThat(charges).hasSize(10);
		BigDecimal total = BigDecimal.ZERO;
		for (List<Object> row : charges) {
			String customer = (String) row.get(0);
			BigDecimal expected = ((BigDecimal) row.get(1)).subtract(paidCredits(customer));
			ProfitabilityLine line = line(report, customer);
			assertThat(line.subscriptionRevenue()).as("subscription revenue of %s", customer)
				.isEqualByComparingTo(expected);
			assertThat(line.margin()).as("margin of %s", customer)
				.isEqualByComparingTo(line.revenue().add(expected).subtract(line.cost()));
			total = total.add(expected);
		}
		assertThat(report.totals().subscriptionRevenue()).isEqualByComparingTo(total);
		assertThat(this.reports.dailyProfitability(ProfitabilityQuery.lastDays(60, this.clock))
			.stream()
			.map((day) -> day.line().subscriptionRevenue())
			.reduce(BigDecimal.ZERO, BigDecimal::add)).as("the days add up to the report").isEqualByComparingTo(total);
	}

	@Test
	void cancellingSubscriptionsAreTheActiveOnesThatEndAtTheirPeriodsEnd() {
		for (String customer : List.of("alice", "bob", "carol")) {
			this.ledger.topUp(customer, TopUpRequest.of("pay-" + customer, "50.00", USD, USD));
		}
		Subscription alice = this.subscriptions.subscribeWithWallet("alice", "pro", "alice-pro");
		this.subscriptions.subscribeWithWallet("bob", "pro", "bob-pro");
		Subscription carol = this.subscriptions.subscribeWithWallet("carol", "pro", "carol-pro");
		this.clock.advance(Duration.ofMinutes(1));
		this.subscriptions.cancel("carol", carol.id(), "carol-cancel");
		this.clock.advance(Duration.ofMinutes(1));
		this.subscriptions.cancel("alice", alice.id(), "alice-cancel");

		Page<Subscription> cancelling = this.reports.cancellingSubscriptions(FIRST_PAGE);

		assertThat(cancelling.items()).extracting(Subscription::customer).as("most recently changed first")
			.containsExactly("alice", "carol");
		assertThat(cancelling.total()).isEqualTo(2);
		assertThat(cancelling.items()).allSatisfy((subscription) -> assertThat(subscription.cancelAtPeriodEnd()).isTrue());
		assertThat(this.reports.cancellingSubscriptions(PageRequest.of(1, 1)).items()).extracting(Subscription::customer)
			.containsExactly("carol");
		this.clock.set(alice.periodEnd());
		this.subscriptions.renewDue(10);
		assertThat(this.reports.cancellingSubscriptions(FIRST_PAGE).total()).as("ended at the period's end").isZero();
	}

	/** The paid value credited back to a customer at upgrades, in USD, read through the ledger's API. */
	private BigDecimal paidCredits(String customer) {
		List<UUID> paidGrants = this.ledger.grants(customer)
			.stream()
			.filter((grant) -> grant.purpose() == GrantPurpose.PAID)
			.map(CreditGrant::id)
			.toList();
		return this.ledger.adjustments(customer, PageRequest.of(0, PageRequest.MAX_SIZE))
			.items()
			.stream()
			.filter((adjustment) -> adjustment.reason() == AdjustmentReason.SUBSCRIPTION_CREDIT
					&& paidGrants.contains(adjustment.grantId()))
			.map((adjustment) -> adjustment.amount().multiply(PLANS.asset(adjustment.asset()).rateToBase()))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/** What the customer's subscription fees earned, read through the subscriptions' API. */
	private BigDecimal chargeRevenue(String customer) {
		return this.subscriptions.charges(customer)
			.stream()
			.map(SubscriptionCharge::revenue)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	@Test
	void aRefundedChargeEarnsNothingButKeepsItsCost() {
		fourCustomersUseTheCatalog();
		JdbcAdjustments adjustments = new JdbcAdjustments(this.dataSource, TestCatalog.catalog(), this.clock,
				new JdbcPaymentStore(this.dataSource, this.clock));
		adjustments.refundCharge("alice", "a-2", new OperatorAction("refund-a-2", "ops", "broken image"));
		adjustments.refundCharge("bob", "b-1", new OperatorAction("refund-b-1", "ops", "broken image"));

		ProfitabilityReport report = this.reports.profitability(ProfitabilityQuery.lastDays(this.clock));

		assertLine(line(report, "alice"), 2, "0.25", "0", "-0.15", "-60.00");
		assertLine(line(report, "bob"), 2, "0", "0.25", "-0.40", null);
		assertThat(report.customers()).extracting(CustomerProfitability::customer)
			.as("lowest margin first").containsExactly("bob", "alice", "dave", "carol");
		assertThat(report.totals().cost()).isEqualByComparingTo("1.00");
	}

	@Test
	void profitabilityCountsEachCallsActualCostInItsCostAndMargin() {
		this.ledger.topUp("alice", TopUpRequest.of("pay-alice", "10.00", USD, USD));
		this.clock.advance(Duration.ofMinutes(1));
		// configured: $0.20 a call; the vendor billed the first call $0.31, the second nothing
		this.ledger.record(UsageEvent.of("a-1", "alice", IMAGE, 1).cost(new BigDecimal("0.31")));
		this.ledger.record(UsageEvent.of("a-2", "alice", IMAGE, 1).cost(BigDecimal.ZERO));
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).dimensions(HD));
		this.ledger.capture(hold.id(), Capture.of("a-3").cost(new BigDecimal("0.125")));
		this.ledger.record(UsageEvent.of("a-4", "alice", IMAGE, 1));

		ProfitabilityReport report = this.reports.profitability(ProfitabilityQuery.lastDays(this.clock));

		ProfitabilityLine alice = line(report, "alice");
		assertThat(alice.cost()).as("0.31 + 0 + 0.125 + the configured 0.20").isEqualByComparingTo("0.635");
		// revenue 0.25 + 0.25 + 0.40 + 0.25 = 1.15, margin 1.15 - 0.635
		assertLine(alice, 4, "1.15", "0", "0.515", "44.78");
		assertThat(report.totals().cost()).isEqualByComparingTo("0.635");
		List<DailyProfitability> days = this.reports.dailyProfitability(ProfitabilityQuery.lastDays(this.clock));
		assertThat(days.get(days.size() - 1).line().cost()).isEqualByComparingTo("0.635");
	}

	@Test
	void profitabilityCoversItsPeriodOnly() {
		this.ledger.topUp("alice", TopUpRequest.of("pay-alice", "10.00", USD, USD));
		this.ledger.record(UsageEvent.of("old", "alice", IMAGE, 1));
		this.clock.advance(Duration.ofDays(31));
		this.ledger.record(UsageEvent.of("new", "alice", IMAGE, 1));

		ProfitabilityReport last30 = this.reports.profitability(ProfitabilityQuery.lastDays(this.clock));
		ProfitabilityReport last60 = this.reports.profitability(ProfitabilityQuery.lastDays(60, this.clock));

		assertLine(last30.totals(), 1, "0.25", "0", "0.05", "20.00");
		assertLine(last60.totals(), 2, "0.50", "0", "0.10", "20.00");
		Instant now = this.clock.instant();
		assertThat(this.reports.profitability(new ProfitabilityQuery(now, now.plusSeconds(60), null, null, 10))
			.customers()).as("the start is in the period").hasSize(1);
		assertThat(this.reports.profitability(new ProfitabilityQuery(now.minusSeconds(60), now, null, null, 10))
			.customers()).as("the end is not").isEmpty();
	}

	@Test
	void profitabilityFiltersByProductOrVendorAndListsUpToTheLimit() {
		fourCustomersUseTheCatalog();
		ProfitabilityQuery all = ProfitabilityQuery.lastDays(this.clock);

		ProfitabilityReport images = this.reports.profitability(all.product(IMAGE));
		ProfitabilityReport replicate = this.reports.profitability(all.vendor("replicate"));
		ProfitabilityReport firstTwo = this.reports.profitability(all.limit(2));

		assertThat(images.customers()).extracting(CustomerProfitability::customer)
			.containsExactly("bob", "alice", "carol");
		assertThat(images.totals().revenue()).isEqualByComparingTo("0.90");
		assertThat(replicate.customers()).isEqualTo(images.customers());
		assertThat(replicate.totals()).isEqualTo(images.totals());
		assertThat(this.reports.profitability(all.product(RENDER)).customers())
			.extracting(CustomerProfitability::customer).containsExactly("dave");
		assertThat(firstTwo.customers()).extracting(CustomerProfitability::customer).containsExactly("bob", "dave");
		assertThat(firstTwo.customerCount()).isEqualTo(4);
		assertThat(firstTwo.totals()).as("the totals cover every customer").isEqualTo(
				this.reports.profitability(all).totals());
	}

	@Test
	void dailyProfitabilityHasEveryUtcDayOfThePeriodWithItsUsage() {
		this.ledger.topUp("alice", TopUpRequest.of("pay-alice", "10.00", USD, USD));
		this.ledger.grant("bob", GrantRequest.promotional(USD, "1.00"));
		// the clock starts at 10:00 UTC: 13:59 later is 23:59 the same day, a minute more the next
		this.clock.advance(Duration.ofHours(13).plusMinutes(59));
		this.ledger.record(UsageEvent.of("a-1", "alice", IMAGE, 1));
		this.ledger.record(UsageEvent.of("b-1", "bob", IMAGE, 1));
		this.clock.advance(Duration.ofMinutes(1));
		this.ledger.record(UsageEvent.of("a-2", "alice", IMAGE, 1).dimensions(HD));
		this.clock.advance(Duration.ofDays(2));

		List<DailyProfitability> days = this.reports.dailyProfitability(ProfitabilityQuery.lastDays(7, this.clock));

		assertThat(days).hasSize(8).extracting(DailyProfitability::day)
			.as("every day the period touches, in order").isSortedAccordingTo(Comparator.naturalOrder());
		assertThat(days.get(7).day()).isEqualTo(LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC));
		Map<LocalDate, ProfitabilityLine> byDay = new HashMap<>();
		days.forEach((day) -> byDay.put(day.day(), day.line()));
		LocalDate first = LocalDate.parse("2025-01-15");
		assertLine(byDay.get(first), 2, "0.25", "0.25", "-0.15", "-60.00");
		assertThat(byDay.get(first).cost()).isEqualByComparingTo("0.40");
		assertLine(byDay.get(first.plusDays(1)), 1, "0.40", "0", "0.20", "50.00");
		assertThat(byDay.get(first.plusDays(2)).events()).as("a day without usage").isZero();
		assertThat(this.reports.dailyProfitability(ProfitabilityQuery.lastDays(7, this.clock).product(RENDER)))
			.hasSize(8).allSatisfy((day) -> assertThat(day.line().events()).isZero());
	}

	@Test
	void dailySpendHasEveryUtcDayOfTheCustomersOwnUsageInTheAsset() {
		this.ledger.grant("alice", GrantRequest.promotional(USD, "0.30"));
		this.ledger.grant("alice", GrantRequest.bundled(USD, "0.10"));
		this.ledger.topUp("alice", TopUpRequest.of("pay-alice", "10.00", USD, USD));
		this.ledger.topUp("alice", TopUpRequest.of("pay-alice-credits", "1.00", USD, CREDITS));
		this.ledger.topUp("bob", TopUpRequest.of("pay-bob", "10.00", USD, USD));
		// the clock starts at 10:00 UTC on the 15th: 13:59 later is 23:59 the same day
		this.clock.advance(Duration.ofHours(13).plusMinutes(59));
		this.ledger.record(UsageEvent.of("a-1", "alice", IMAGE, 1));
		this.ledger.record(UsageEvent.of("b-1", "bob", IMAGE, 1).dimensions(HD));
		this.clock.advance(Duration.ofMinutes(1));
		this.ledger.record(UsageEvent.of("a-2", "alice", IMAGE, 1).dimensions(HD));
		this.ledger.record(UsageEvent.of("a-render", "alice", RENDER, 1));
		this.clock.advance(Duration.ofDays(2));
		this.ledger.record(UsageEvent.of("a-3", "alice", IMAGE, 1));

		SpendHistory history = this.reports.dailySpend(SpendQuery.lastDays(7, "alice", USD, this.clock));

		assertThat(history.days()).hasSize(8).extracting(DailySpend::day)
			.as("every day the period touches, in order").isSortedAccordingTo(Comparator.naturalOrder())
			.startsWith(LocalDate.parse("2025-01-11")).endsWith(LocalDate.parse("2025-01-18"));
		Map<LocalDate, SpendLine> byDay = new HashMap<>();
		history.days().forEach((day) -> byDay.put(day.day(), day.line()));
		LocalDate first = LocalDate.parse("2025-01-15");
		// 23:59 UTC: the promotional credit pays; bob's HD image the same minute is not alice's
		assertSpend(byDay.get(first), 1, "0.25", "0", "0.25", "0", "0.20");
		// 00:00 UTC the next day: the rest of the promotional credit, the bundled credit, then paid
		assertSpend(byDay.get(first.plusDays(1)), 1, "0.40", "0.25", "0.05", "0.10", "0.20");
		assertSpend(byDay.get(first.plusDays(2)), 0, "0", "0", "0", "0", "0");
		assertSpend(byDay.get(first.plusDays(3)), 1, "0.25", "0.25", "0", "0", "0.20");
		assertThat(history.days().subList(0, 4)).as("days before any usage")
			.allSatisfy((day) -> assertThat(day.line()).isEqualTo(SpendLine.ZERO));
		assertSpend(history.totals(), 3, "0.90", "0.50", "0.30", "0.10", "0.60");
		assertThat(history.totals().unfunded()).isEqualByComparingTo("0");
	}

	@Test
	void dailySpendIsInTheAssetAskedForAndEmptyForAnUnknownCustomer() {
		this.ledger.topUp("dave", TopUpRequest.of("pay-dave", "1.00", USD, CREDITS));
		this.ledger.record(UsageEvent.of("d-1", "dave", RENDER, 1));
		this.ledger.record(UsageEvent.of("d-2", "dave", RENDER, 2));

		SpendHistory credits = this.reports.dailySpend(SpendQuery.lastDays("dave", CREDITS, this.clock));
		SpendHistory usd = this.reports.dailySpend(SpendQuery.lastDays("dave", USD, this.clock));
		SpendHistory ghost = this.reports.dailySpend(SpendQuery.lastDays("ghost", USD, this.clock));

		assertThat(credits.days()).as("30 days back and today").hasSize(31);
		assertSpend(credits.days().get(30).line(), 2, "15", "15", "0", "0", "0");
		assertSpend(credits.totals(), 2, "15", "15", "0", "0", "0");
		assertThat(usd.days()).hasSize(31).allSatisfy((day) -> assertThat(day.line()).isEqualTo(SpendLine.ZERO));
		assertThat(ghost.days()).hasSize(31).allSatisfy((day) -> assertThat(day.line()).isEqualTo(SpendLine.ZERO));
		assertThat(ghost.totals()).isEqualTo(SpendLine.ZERO);
	}

	@Test
	void dailySpendRefusesWhatItCannotReport() {
		Instant now = this.clock.instant();
		assertRefused("customer", () -> this.reports.dailySpend(SpendQuery.lastDays(" ", USD, this.clock)));
		assertRefused("customer",
				() -> this.reports.dailySpend(SpendQuery.lastDays("x".repeat(256), USD, this.clock)));
		assertRefused("asset", () -> this.reports.dailySpend(SpendQuery.lastDays("alice", "", this.clock)));
		assertRefused("query", () -> this.reports.dailySpend(null));
		assertRefused("to", () -> new SpendQuery("alice", USD, now, now));
		assertRefused("to", () -> new SpendQuery("alice", USD, now, now.plus(Duration.ofDays(367))));
		assertRefused("from", () -> new SpendQuery("alice", USD, null, now));
		assertRefused("days", () -> SpendQuery.lastDays(367, "alice", USD, this.clock));
		assertThat(new SpendQuery("alice", USD, now, now.plus(Duration.ofDays(366)))).as("366 days is the most")
			.isNotNull();
	}

	private static void assertSpend(SpendLine line, long events, String fee, String paid, String promotional,
			String bundled, String cost) {
		assertThat(line.events()).as("events").isEqualTo(events);
		assertThat(line.fee()).as("fee").isEqualByComparingTo(fee);
		assertThat(line.paid()).as("paid").isEqualByComparingTo(paid);
		assertThat(line.promotional()).as("promotional").isEqualByComparingTo(promotional);
		assertThat(line.bundled()).as("bundled").isEqualByComparingTo(bundled);
		assertThat(line.cost()).as("cost").isEqualByComparingTo(cost);
	}

	@Test
	void profitabilityRefusesWhatItCannotReport() {
		Instant now = this.clock.instant();
		ProfitabilityQuery all = ProfitabilityQuery.lastDays(this.clock);
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.reports.profitability(all.product("nope")))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("product"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.reports.profitability(all.vendor("nobody")))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("vendor"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.as("a vendor that does not sell that product")
			.isThrownBy(() -> this.reports.profitability(all.product(RENDER).vendor("replicate")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> new ProfitabilityQuery(now, now, null, null, 10));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> new ProfitabilityQuery(now, now.plus(Duration.ofDays(367)), null, null, 10));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> all.limit(0));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> all.limit(1001));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> all.vendor("<script>"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> ProfitabilityQuery.lastDays(0, this.clock));
		assertThatExceptionOfType(IllegalStateException.class)
			.as("profitability needs the catalog")
			.isThrownBy(() -> new JdbcBillingReports(this.dataSource, this.clock).profitability(all));
	}

	/** alice pays for two images, bob uses promotional credit for two, carol pays for one HD image, dave renders in credits. */
	private void fourCustomersUseTheCatalog() {
		this.ledger.topUp("alice", TopUpRequest.of("pay-alice", "10.00", USD, USD));
		this.ledger.grant("bob", GrantRequest.promotional(USD, "1.00"));
		this.ledger.topUp("carol", TopUpRequest.of("pay-carol", "10.00", USD, USD));
		this.ledger.topUp("dave", TopUpRequest.of("pay-dave", "1.00", USD, CREDITS));
		this.clock.advance(Duration.ofMinutes(1));
		this.ledger.record(UsageEvent.of("a-1", "alice", IMAGE, 1));
		this.ledger.record(UsageEvent.of("a-2", "alice", IMAGE, 1));
		this.ledger.record(UsageEvent.of("b-1", "bob", IMAGE, 1));
		this.ledger.record(UsageEvent.of("b-2", "bob", IMAGE, 1));
		this.ledger.record(UsageEvent.of("c-1", "carol", IMAGE, 1).dimensions(HD));
		this.ledger.record(UsageEvent.of("d-1", "dave", RENDER, 1));
	}

	private static ProfitabilityLine line(ProfitabilityReport report, String customer) {
		return report.customers().stream().filter((line) -> line.customer().equals(customer)).findFirst()
			.orElseThrow().line();
	}

	private static void assertLine(ProfitabilityLine line, long events, String revenue, String promotional,
			String margin, String marginPercent) {
		assertThat(line.events()).isEqualTo(events);
		assertThat(line.revenue()).as("revenue").isEqualByComparingTo(revenue);
		assertThat(line.promotional()).as("promotional").isEqualByComparingTo(promotional);
		assertThat(line.margin()).as("margin").isEqualByComparingTo(margin);
		if (marginPercent == null) {
			assertThat(line.marginPercent()).as("margin %").isNull();
		}
		else {
			assertThat(line.marginPercent()).as("margin %").isEqualByComparingTo(marginPercent);
		}
	}

	@Test
	void customerListShowsEachBalanceInTheAsset() {
		this.ledger.topUp("alice", TopUpRequest.of("pay-alice", "10.00", USD, USD));
		this.clock.advance(Duration.ofMinutes(1));
		this.ledger.record(UsageEvent.of("alice-1", "alice", IMAGE, 1));
		this.clock.advance(Duration.ofMinutes(1));
		Instant lastUsage = this.clock.instant();
		this.ledger.record(UsageEvent.of("alice-2", "alice", IMAGE, 1));
		this.clock.advance(Duration.ofMinutes(1));
		this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).dimensions(HD));
		Instant bobCreated = this.clock.advance(Duration.ofMinutes(1));
		fund("bob", "3.00");

		Page<CustomerSummary> page = this.reports.customers(null, USD, CustomerSort.EXTERNAL_ID, false, FIRST_PAGE);

		assertThat(page.total()).isEqualTo(2);
		assertThat(page.items()).extracting(CustomerSummary::externalId).containsExactly("alice", "bob");
		CustomerSummary alice = page.items().get(0);
		assertThat(alice.asset()).isEqualTo(USD);
		assertThat(alice.createdAt()).isEqualTo(START);
		assertThat(alice.posted()).isEqualByComparingTo("9.50");
		assertThat(alice.held()).isEqualByComparingTo("0.40");
		assertThat(alice.available()).isEqualByComparingTo("9.10");
		assertThat(alice.available()).isEqualByComparingTo(usd("alice").available());
		assertThat(alice.spendThisMonth()).isEqualByComparingTo("0.50");
		assertThat(alice.lastUsageAt()).isEqualTo(lastUsage);
		CustomerSummary bob = page.items().get(1);
		assertThat(bob.createdAt()).isEqualTo(bobCreated);
		assertThat(bob.posted()).isEqualByComparingTo("3.00");
		assertThat(bob.held()).isZero();
		assertThat(bob.available()).isEqualByComparingTo("3.00");
		assertThat(bob.spendThisMonth()).isZero();
		assertThat(bob.lastUsageAt()).isNull();
		assertInvariants();
	}

	@Test
	void customersWithoutAnAccountInTheAssetAreListedWithZeros() {
		fund("alice", "1.00");
		this.ledger.topUp("dave", TopUpRequest.of("pay-dave", "1.00", USD, CREDITS));
		this.ledger.record(UsageEvent.of("dave-1", "dave", RENDER, 2));

		Page<CustomerSummary> credits = this.reports.customers(null, CREDITS, CustomerSort.EXTERNAL_ID, false,
				FIRST_PAGE);

		assertThat(credits.total()).isEqualTo(2);
		assertThat(credits.items()).extracting(CustomerSummary::externalId).containsExactly("alice", "dave");
		CustomerSummary alice = credits.items().get(0);
		assertThat(alice.asset()).isEqualTo(CREDITS);
		assertThat(alice.posted()).isZero();
		assertThat(alice.held()).isZero();
		assertThat(alice.available()).isZero();
		assertThat(alice.spendThisMonth()).isZero();
		CustomerSummary dave = credits.items().get(1);
		assertThat(dave.posted()).isEqualByComparingTo(account("dave", CREDITS).posted());
		assertThat(dave.spendThisMonth()).isEqualByComparingTo("10");
		Page<CustomerSummary> usd = this.reports.customers(null, USD, CustomerSort.EXTERNAL_ID, false, FIRST_PAGE);
		assertThat(usd.items()).extracting(CustomerSummary::spendThisMonth)
			.allSatisfy((spend) -> assertThat(spend).isZero());
		assertThat(usd.items().get(1).lastUsageAt()).as("last usage in any asset").isEqualTo(START);
		assertInvariants();
	}

	@Test
	void spendThisMonthCountsOnlyThisCalendarMonth() {
		this.clock.set(Instant.parse("2025-01-31T23:59:59Z"));
		fund("alice", "10.00");
		this.ledger.record(UsageEvent.of("january", "alice", IMAGE, 1));
		this.clock.set(Instant.parse("2025-02-01T00:00:00Z"));
		this.ledger.record(UsageEvent.of("february-1", "alice", IMAGE, 1).dimensions(HD));
		this.clock.set(Instant.parse("2025-02-20T12:00:00Z"));
		this.ledger.record(UsageEvent.of("february-2", "alice", IMAGE, 1));

		CustomerSummary alice = this.reports.customers("alice", USD, CustomerSort.EXTERNAL_ID, false, FIRST_PAGE)
			.items()
			.get(0);
		assertThat(alice.spendThisMonth()).isEqualByComparingTo("0.65");

		this.clock.set(Instant.parse("2025-03-01T00:00:00Z"));
		assertThat(this.reports.customers("alice", USD, CustomerSort.EXTERNAL_ID, false, FIRST_PAGE)
			.items()
			.get(0)
			.spendThisMonth()).isZero();
	}

	@Test
	void everySortKeyOrdersBothWaysAndTiesFallBackToTheExternalId() {
		fund("dan", "2.50");
		this.ledger.record(UsageEvent.of("dan-1", "dan", IMAGE, 1));
		this.ledger.record(UsageEvent.of("dan-2", "dan", IMAGE, 1));
		this.clock.advance(Duration.ofSeconds(1));
		fund("ben", "5.25");
		this.ledger.record(UsageEvent.of("ben-1", "ben", IMAGE, 1));
		this.clock.advance(Duration.ofSeconds(1));
		fund("cat", "2.00");
		this.clock.advance(Duration.ofSeconds(1));
		this.ledger.customer("amy");

		assertThat(ids(CustomerSort.EXTERNAL_ID, false)).containsExactly("amy", "ben", "cat", "dan");
		assertThat(ids(CustomerSort.EXTERNAL_ID, true)).containsExactly("dan", "cat", "ben", "amy");
		assertThat(ids(CustomerSort.CREATED, false)).containsExactly("dan", "ben", "cat", "amy");
		assertThat(ids(CustomerSort.CREATED, true)).containsExactly("amy", "cat", "ben", "dan");
		// available: amy 0, cat 2.00, dan 2.00, ben 5.00
		assertThat(ids(CustomerSort.AVAILABLE, false)).containsExactly("amy", "cat", "dan", "ben");
		assertThat(ids(CustomerSort.AVAILABLE, true)).containsExactly("ben", "cat", "dan", "amy");
		// spend this month: amy 0, cat 0, ben 0.25, dan 0.50
		assertThat(ids(CustomerSort.SPEND_THIS_MONTH, false)).containsExactly("amy", "cat", "ben", "dan");
		assertThat(ids(CustomerSort.SPEND_THIS_MONTH, true)).containsExactly("dan", "ben", "amy", "cat");
	}

	@Test
	void customersArePagedWithTheTotalOfAllPages() {
		for (int i = 1; i <= 7; i++) {
			this.ledger.customer("c" + i);
		}

		Page<CustomerSummary> first = this.reports.customers(null, USD, CustomerSort.EXTERNAL_ID, false,
				PageRequest.of(0, 3));
		assertThat(first.items()).extracting(CustomerSummary::externalId).containsExactly("c1", "c2", "c3");
		assertThat(first.total()).isEqualTo(7);
		assertThat(first.totalPages()).isEqualTo(3);
		assertThat(first.hasNext()).isTrue();
		assertThat(this.reports.customers(null, USD, CustomerSort.EXTERNAL_ID, false, PageRequest.of(1, 3)).items())
			.extracting(CustomerSummary::externalId)
			.containsExactly("c4", "c5", "c6");
		Page<CustomerSummary> last = this.reports.customers(null, USD, CustomerSort.EXTERNAL_ID, false,
				PageRequest.of(2, 3));
		assertThat(last.items()).extracting(CustomerSummary::externalId).containsExactly("c7");
		assertThat(last.hasNext()).isFalse();
		Page<CustomerSummary> beyond = this.reports.customers(null, USD, CustomerSort.EXTERNAL_ID, false,
				PageRequest.of(9, 3));
		assertThat(beyond.items()).isEmpty();
		assertThat(beyond.total()).isEqualTo(7);
	}

	@Test
	void pagesOfTiedCustomersNeitherRepeatNorSkipAnyone() {
		for (int i = 1; i <= 7; i++) {
			this.ledger.customer("c" + i);
		}
		for (boolean descending : new boolean[] { false, true }) {
			List<String> seen = new ArrayList<>();
			for (int page = 0; page < 3; page++) {
				this.reports.customers(null, USD, CustomerSort.AVAILABLE, descending, PageRequest.of(page, 3))
					.items()
					.forEach((customer) -> seen.add(customer.externalId()));
			}
			assertThat(seen).containsExactly("c1", "c2", "c3", "c4", "c5", "c6", "c7");
		}
	}

	@Test
	void searchMatchesPartOfTheExternalIdIgnoringCase() {
		this.ledger.customer("alice@example.com");
		this.ledger.customer("ALICE.smith");
		this.ledger.customer("bob");
		this.ledger.customer("mal_ice");
		this.ledger.customer("malice");

		assertThat(search("lice")).containsExactlyInAnyOrder("alice@example.com", "ALICE.smith", "malice");
		assertThat(search("ALI")).containsExactlyInAnyOrder("alice@example.com", "ALICE.smith", "malice");
		assertThat(search("  bob ")).containsExactly("bob");
		assertThat(search("_")).as("an underscore is literal, not a wildcard").containsExactly("mal_ice");
		assertThat(search("%")).as("a percent sign is literal, not a wildcard").isEmpty();
		assertThat(search("\\")).isEmpty();
		assertThat(search("nobody")).isEmpty();
		assertThat(search("")).hasSize(5);
		assertThat(search(null)).hasSize(5);
		assertThat(this.reports.customers("ali", USD, CustomerSort.EXTERNAL_ID, false, PageRequest.of(0, 2)).total())
			.isEqualTo(3);
	}

	@Test
	void chargesAreEveryCustomersUsageNewestFirst() {
		fund("alice", "10.00");
		fund("bob", "10.00");
		for (int i = 1; i <= 3; i++) {
			this.clock.advance(Duration.ofSeconds(1));
			this.ledger.record(UsageEvent.of("alice-" + i, "alice", IMAGE, 1));
			this.clock.advance(Duration.ofSeconds(1));
			this.ledger.record(UsageEvent.of("bob-" + i, "bob", IMAGE, 1));
		}
		this.clock.advance(Duration.ofSeconds(1));
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).dimensions(HD));
		this.ledger.capture(hold.id(), Capture.of("alice-captured"));

		Page<UsageRecord> first = this.reports.charges(null, PageRequest.of(0, 4));
		assertThat(first.total()).isEqualTo(7);
		assertThat(first.items()).extracting(UsageRecord::id)
			.containsExactly("alice-captured", "bob-3", "alice-3", "bob-2");
		assertThat(first.items().get(0)).isEqualTo(this.ledger.usage("alice-captured").orElseThrow());
		assertThat(first.items().get(0).holdId()).isEqualTo(hold.id());
		assertThat(first.items().get(1)).isEqualTo(this.ledger.usage("bob-3").orElseThrow());
		Page<UsageRecord> second = this.reports.charges(null, PageRequest.of(1, 4));
		assertThat(second.items()).extracting(UsageRecord::id).containsExactly("alice-2", "bob-1", "alice-1");
		assertThat(second.hasNext()).isFalse();

		Page<UsageRecord> alices = this.reports.charges("alice", PageRequest.of(0, 3));
		assertThat(alices.total()).isEqualTo(4);
		assertThat(alices.items()).extracting(UsageRecord::id).containsExactly("alice-captured", "alice-3", "alice-2");
		assertThat(alices.items()).allSatisfy((usage) -> assertThat(usage.customer()).isEqualTo("alice"));
		assertThat(alices.items()).isEqualTo(this.ledger.usage("alice", PageRequest.of(0, 3)).items());
		Page<UsageRecord> ghost = this.reports.charges("ghost", FIRST_PAGE);
		assertThat(ghost.items()).isEmpty();
		assertThat(ghost.total()).isZero();
	}

	@Test
	void activeHoldsAreTheCustomersUnendedHoldsNewestFirst() {
		fund("alice", "10.00");
		fund("bob", "10.00");
		List<UUID> alices = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			this.clock.advance(Duration.ofSeconds(1));
			alices.add(this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE)).id());
		}
		this.ledger.authorize(AuthorizationRequest.of("bob", IMAGE));
		this.ledger.capture(alices.get(1), Capture.of("alice-2"));
		this.ledger.release(alices.get(3));

		List<Hold> holds = this.reports.activeHolds("alice");

		assertThat(holds).extracting(Hold::id).containsExactly(alices.get(2), alices.get(0));
		assertThat(holds.get(0)).isEqualTo(this.ledger.hold(alices.get(2)).orElseThrow());
		assertThat(holds).allSatisfy((hold) -> assertThat(hold.customer()).isEqualTo("alice"));
		assertThat(this.reports.activeHolds("bob")).hasSize(1);
		assertThat(this.reports.activeHolds("ghost")).isEmpty();
		assertThat(holds.stream().map(Hold::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
			.isEqualByComparingTo(usd("alice").held());
	}

	@Test
	void spendSumsUsageFeesFromInclusiveToExclusive() {
		fund("alice", "10.00");
		this.ledger.topUp("alice", TopUpRequest.of("pay-credits", "1.00", USD, CREDITS));
		Instant first = this.clock.instant();
		this.ledger.record(UsageEvent.of("one", "alice", IMAGE, 1));
		Instant second = this.clock.advance(Duration.ofHours(1));
		this.ledger.record(UsageEvent.of("two", "alice", IMAGE, 1).dimensions(HD));
		this.ledger.record(UsageEvent.of("render", "alice", RENDER, 1));
		Instant third = this.clock.advance(Duration.ofHours(1));
		this.ledger.record(UsageEvent.of("three", "alice", IMAGE, 2));
		fund("bob", "10.00");
		this.ledger.record(UsageEvent.of("bob", "bob", IMAGE, 1));

		assertThat(this.reports.spend("alice", USD, first, third)).isEqualByComparingTo("0.65");
		assertThat(this.reports.spend("alice", USD, first, third.plusMillis(1))).isEqualByComparingTo("1.15");
		assertThat(this.reports.spend("alice", USD, second, second)).isZero();
		assertThat(this.reports.spend("alice", USD, second, third)).isEqualByComparingTo("0.40");
		assertThat(this.reports.spend("alice", CREDITS, first, third)).isEqualByComparingTo("5");
		assertThat(this.reports.spend("alice", USD, third.plusMillis(1), third.plusSeconds(60))).isZero();
		assertThat(this.reports.spend("ghost", USD, first, third)).isZero();
	}

	@Test
	void reportsWriteNothing() {
		fund("alice", "10.00");
		this.ledger.record(UsageEvent.of("one", "alice", IMAGE, 1));
		this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		RowCounts before = rowCounts();

		this.reports.customers(null, USD, CustomerSort.SPEND_THIS_MONTH, true, FIRST_PAGE);
		this.reports.customers("ghost", CREDITS, CustomerSort.CREATED, false, FIRST_PAGE);
		this.reports.charges(null, FIRST_PAGE);
		this.reports.charges("ghost", FIRST_PAGE);
		this.reports.activeHolds("ghost");
		this.reports.spend("ghost", USD, START, START.plusSeconds(1));
		this.reports.dailySpend(SpendQuery.lastDays("alice", USD, this.clock));

		assertThat(rowCounts()).isEqualTo(before);
		assertInvariants();
	}

	@Test
	void badInputIsRefusedWithTheFieldItConcerns() {
		assertRefused("asset", () -> this.reports.customers(null, " ", CustomerSort.CREATED, false, FIRST_PAGE));
		assertRefused("asset", () -> this.reports.customers(null, null, CustomerSort.CREATED, false, FIRST_PAGE));
		assertRefused("sort", () -> this.reports.customers(null, USD, null, false, FIRST_PAGE));
		assertRefused("page", () -> this.reports.customers(null, USD, CustomerSort.CREATED, false, null));
		assertRefused("search",
				() -> this.reports.customers("x".repeat(256), USD, CustomerSort.CREATED, false, FIRST_PAGE));
		assertRefused("customer", () -> this.reports.charges(" ", FIRST_PAGE));
		assertRefused("page", () -> this.reports.charges(null, null));
		assertRefused("customer", () -> this.reports.activeHolds(""));
		assertRefused("customer", () -> this.reports.spend("", USD, START, START));
		assertRefused("asset", () -> this.reports.spend("alice", "", START, START));
		assertRefused("from", () -> this.reports.spend("alice", USD, null, START));
		assertRefused("to", () -> this.reports.spend("alice", USD, START, null));
		assertRefused("to", () -> this.reports.spend("alice", USD, START, START.minusSeconds(1)));
	}

	@Test
	void sortKeysAreReadFromRequestParameters() {
		assertThat(CustomerSort.of("spend-this-month")).isEqualTo(CustomerSort.SPEND_THIS_MONTH);
		assertThat(CustomerSort.of("AVAILABLE")).isEqualTo(CustomerSort.AVAILABLE);
		assertThat(CustomerSort.of("external_id")).isEqualTo(CustomerSort.EXTERNAL_ID);
		for (CustomerSort sort : CustomerSort.values()) {
			assertThat(CustomerSort.of(sort.parameter())).isEqualTo(sort);
		}
		assertRefused("sort", () -> CustomerSort.of("balance"));
		assertRefused("sort", () -> CustomerSort.of(" "));
		assertRefused("sort", () -> CustomerSort.of(null));
	}

	private List<String> ids(CustomerSort sort, boolean descending) {
		return this.reports.customers(null, USD, sort, descending, FIRST_PAGE)
			.items()
			.stream()
			.map(CustomerSummary::externalId)
			.toList();
	}

	private List<String> search(String text) {
		return this.reports.customers(text, USD, CustomerSort.EXTERNAL_ID, false, FIRST_PAGE)
			.items()
			.stream()
			.map(CustomerSummary::externalId)
			.toList();
	}

	private static void assertRefused(String field, Runnable call) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(call::run)
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo(field));
	}

}

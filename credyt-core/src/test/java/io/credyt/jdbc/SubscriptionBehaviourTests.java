package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.credyt.adjust.ActionConflictException;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.PriceRule;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.catalog.UnknownPlanException;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.payment.Checkout;
import io.credyt.payment.CheckoutRequest;
import io.credyt.payment.OffSessionCharge;
import io.credyt.payment.PaymentDeclinedException;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentOutcome;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.subscription.FeeSource;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionCharge;
import io.credyt.subscription.SubscriptionOptions;
import io.credyt.subscription.SubscriptionStateException;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;
import io.credyt.subscription.UnknownSubscriptionException;
import io.credyt.testing.Concurrently;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.HD;
import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Plans and subscriptions on a real database: "Pro: $20 a month, 200 images included, then $0.20
 * an image". Subscribing, the allowance before money, the plan's prices, renewals charged once per
 * period across instances, declined renewals retried then cancelled, upgrades with a prorated
 * credit, downgrades and cancellations at the period's end, and bad input that writes nothing.
 */
abstract class SubscriptionBehaviourTests extends LedgerTestSupport {

	static final Catalog PLANS = plans();

	private final List<LedgerEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final SwitchableProvider provider = new SwitchableProvider(
			TestPaymentProvider.forMode(false, "/billing/test-checkout"));

	private JdbcPaymentStore payments;

	private JdbcSubscriptions subscriptions;

	SubscriptionBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	private static Catalog plans() {
		Catalog base = TestCatalog.catalog();
		Catalog.Builder builder = Catalog.builder();
		base.assets().forEach(builder::asset);
		base.products().forEach(builder::product);
		builder.plan(new SubscriptionPlan("pro", "Pro", new BigDecimal("20.00"), "USD", io.credyt.catalog.BillingInterval.MONTH,
				Map.of(IMAGE, new BigDecimal("200")),
				Map.of(IMAGE, List.of(new PriceRule(Map.of(), new BigDecimal("0.20"), null),
						new PriceRule(HD, new BigDecimal("0.35"), null)))));
		builder.plan(new SubscriptionPlan("max", "Max", new BigDecimal("50.00"), "USD", io.credyt.catalog.BillingInterval.MONTH,
				Map.of(IMAGE, new BigDecimal("1000")),
				Map.of(IMAGE, List.of(new PriceRule(Map.of(), new BigDecimal("0.15"), null)))));
		return builder.build();
	}

	@Override
	protected Ledger newLedger(DataSource dataSource) {
		return new JdbcLedger(dataSource, PLANS, options(), this.clock);
	}

	@BeforeEach
	void createSubscriptions() {
		this.payments = new JdbcPaymentStore(this.dataSource, this.clock);
		this.subscriptions = service(this.dataSource);
	}

	private JdbcSubscriptions service(DataSource dataSource) {
		return new JdbcSubscriptions(dataSource, new DataSourceTransactionManager(dataSource), PLANS, options(),
				this.clock, this.heard::addAll, this.payments, this.provider, SubscriptionOptions.defaults());
	}

	// ------------------------------------------------------------------ the story

	@Test
	void includedImagesComeFirstThenThePlanPriceAndARenewalRestoresThemForOneFee() {
		fund("alice", "50.00");
		Subscription pro = this.subscriptions.subscribeWithWallet("alice", "pro", "sub-1");
		assertThat(pro.status()).isEqualTo(SubscriptionStatus.ACTIVE);
		assertThat(pro.source()).isEqualTo(FeeSource.WALLET);
		assertThat(pro.periodStart()).isEqualTo(START);
		assertThat(pro.periodEnd()).isEqualTo(Instant.parse("2025-02-15T10:00:00Z"));
		assertThat(pro.renewsAt()).isEqualTo(pro.periodEnd());
		assertUsd("alice", "30.00", "0", "30.00");
		assertThat(included("alice", pro)).isEqualByComparingTo("200");

		UsageRecord included = this.ledger.record(UsageEvent.of("use-200", "alice", IMAGE, 200));
		assertThat(included.entitledUnits()).isEqualByComparingTo("200");
		assertThat(included.fee()).isEqualByComparingTo("0");
		UsageRecord overage = this.ledger.record(UsageEvent.of("use-201", "alice", IMAGE, 1));
		assertThat(overage.fee()).isEqualByComparingTo("0.20");
		UsageRecord hd = this.ledger.record(UsageEvent.of("use-hd", "alice", IMAGE, 1).dimensions(HD));
		assertThat(hd.fee()).isEqualByComparingTo("0.35");
		assertUsd("alice", "29.45", "0", "29.45");

		this.clock.set(pro.periodEnd());
		assertThat(this.subscriptions.renewDue(10)).isEqualTo(1);
		assertThat(this.subscriptions.renewDue(10)).isZero();
		Subscription renewed = this.subscriptions.subscription("alice").orElseThrow();
		assertThat(renewed.status()).isEqualTo(SubscriptionStatus.ACTIVE);
		assertThat(renewed.periodStart()).isEqualTo(pro.periodEnd());
		assertThat(renewed.periodEnd()).isEqualTo(Instant.parse("2025-03-15T10:00:00Z"));
		assertUsd("alice", "9.45", "0", "9.45");
		assertThat(included("alice", renewed)).isEqualByComparingTo("200");
		assertThat(this.subscriptions.charges("alice")).extracting(SubscriptionCharge::kind)
			.containsExactly(SubscriptionCharge.Kind.RENEWAL, SubscriptionCharge.Kind.FIRST);
		assertThat(this.subscriptions.charges("alice")).allSatisfy((charge) -> {
			assertThat(charge.amount()).isEqualByComparingTo("20.00");
			assertThat(charge.revenue()).isEqualByComparingTo("20.00");
		});
		assertThat(this.heard).anySatisfy((event) -> assertThat(event).isInstanceOf(LedgerEvent.AdjustmentRecorded.class));
		assertInvariants();
	}

	@Test
	void unusedIncludedImagesLapseAtThePeriodsEnd() {
		fund("alice", "50.00");
		Subscription pro = this.subscriptions.subscribeWithWallet("alice", "pro", "sub-1");
		this.ledger.record(UsageEvent.of("use-150", "alice", IMAGE, 150));
		this.clock.set(pro.periodEnd());
		// before the renewal ran, the period's 50 images left are gone, and nothing carries over
		assertThat(included("alice", pro)).isEqualByComparingTo("0");
		this.subscriptions.renewDue(10);
		assertThat(included("alice", this.subscriptions.subscription("alice").orElseThrow())).isEqualByComparingTo("200");
		assertInvariants();
	}

	@Test
	void cardSubscriptionIsActiveOnlyOncePaidAndTheFeeIsNoTopUp() {
		Checkout checkout = this.subscriptions.startCheckout("bob", "pro", "https://app.test/ok", "https://app.test/no",
				"form-1");
		Subscription pending = this.subscriptions.subscription("bob").orElseThrow();
		assertThat(pending.status()).isEqualTo(SubscriptionStatus.INCOMPLETE);
		assertThat(this.subscriptions.isSubscriptionCheckout(checkout.sessionId())).isTrue();
		assertThat(this.provider.delegate.checkout(checkout.sessionId()).description())
			.isEqualTo("Pro subscription, $20.00 a month");
		assertThat(this.provider.delegate.checkout(checkout.sessionId()).savePaymentMethod()).isTrue();
		// not paid yet: no allowance, product prices
		assertThat(this.subscriptions.completeCheckout(checkout.sessionId()).status())
			.isEqualTo(SubscriptionStatus.INCOMPLETE);
		assertThat(this.ledger.balance("bob").entitlements()).isEmpty();

		this.provider.delegate.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, true);
		Subscription active = this.subscriptions.completeCheckout(checkout.sessionId());
		assertThat(active.status()).isEqualTo(SubscriptionStatus.ACTIVE);
		assertThat(active.paymentMethod()).isNotNull();
		assertThat(this.subscriptions.completeCheckout(checkout.sessionId())).isEqualTo(active);
		assertThat(included("bob", active)).isEqualByComparingTo("200");
		assertUsd("bob", "0", "0", "0");
		assertThat(this.payments.find(checkout.sessionId()).orElseThrow().kind()).isEqualTo(PaymentKind.SUBSCRIPTION);
		assertThat(this.payments.find(checkout.sessionId()).orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_subscription_charge")).isEqualTo(1);
		assertInvariants();
	}

	@Test
	void aCheckoutPaidAfterTheCustomerCancelledTheUnpaidSubscriptionStillActivatesIt() {
		Checkout checkout = this.subscriptions.startCheckout("bob", "pro", "https://app.test/ok", "https://app.test/no",
				"form-1");
		Subscription pending = this.subscriptions.subscription("bob").orElseThrow();
		assertThat(this.subscriptions.cancel("bob", pending.id(), "cancel-1").status())
			.isEqualTo(SubscriptionStatus.CANCELED);
		this.provider.delegate.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, true);
		Subscription active = this.subscriptions.completeCheckout(checkout.sessionId());
		assertThat(active.status()).isEqualTo(SubscriptionStatus.ACTIVE);
		assertThat(active.endedAt()).isNull();
		assertThat(included("bob", active)).isEqualByComparingTo("200");
		assertInvariants();
	}

	@Test
	void aCheckoutPaidAfterANewStartReplacedItsSubscriptionIsCreditedToTheWallet() {
		Checkout first = this.subscriptions.startCheckout("bob", "pro", "https://app.test/ok", "https://app.test/no",
				"form-1");
		fund("bob", "20.00");
		Subscription fromWallet = this.subscriptions.subscribeWithWallet("bob", "pro", "sub-2");
		// the first checkout's page was still open, and the customer paid it
		this.provider.delegate.pay(first.sessionId(), TestPaymentProvider.SUCCEEDS, true);
		assertThat(this.subscriptions.completeCheckout(first.sessionId())).isEqualTo(fromWallet);
		assertThat(this.subscriptions.completeCheckout(first.sessionId())).isEqualTo(fromWallet);
		assertUsd("bob", "20.00", "0", "20.00");
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_subscription_charge")).isEqualTo(1);
		assertInvariants();
	}

	@Test
	void aCardUpgradeWhoseSubscriptionChangedWhileTheCardWasChargedCreditsTheWallet() {
		Subscription pro = subscribeByCard("bob");
		this.clock.advance(Duration.ofDays(15));
		this.provider.whileCharging = () -> this.subscriptions.cancel("bob", pro.id(), "cancel-1");
		assertThatExceptionOfType(SubscriptionStateException.class)
			.isThrownBy(() -> this.subscriptions.changePlan("bob", pro.id(), "max", "up-1"));
		Subscription after = this.subscriptions.subscription("bob").orElseThrow();
		assertThat(after.plan()).isEqualTo("pro");
		assertThat(after.cancelAtPeriodEnd()).isTrue();
		assertUsd("bob", "50.00", "0", "50.00");
		assertInvariants();
	}

	@Test
	void twoInstancesRacingARenewalChargeTheCardOnce() {
		subscribeByCard("bob");
		JdbcSubscriptions other = service(anotherPool());
		this.clock.advance(Duration.ofDays(31));
		int before = this.provider.offSessionCharges.get();
		List<Concurrently.Outcome<Integer>> outcomes = Concurrently.run(8, 8,
				(i) -> () -> ((i % 2 == 0) ? this.subscriptions : other).renewDue(10));
		assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
		assertThat(outcomes.stream().mapToInt(Concurrently.Outcome::value).sum()).isEqualTo(1);
		assertThat(this.provider.offSessionCharges.get() - before).isEqualTo(1);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_subscription_charge WHERE kind = 'RENEWAL'")).isEqualTo(1);
		Subscription renewed = this.subscriptions.subscription("bob").orElseThrow();
		assertThat(renewed.status()).isEqualTo(SubscriptionStatus.ACTIVE);
		assertThat(renewed.periodEnd()).isEqualTo(Instant.parse("2025-03-15T10:00:00Z"));
		assertUsd("bob", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void aRenewalLeftByADeadInstanceIsTakenOverAndChargedOnce() {
		subscribeByCard("bob");
		this.clock.advance(Duration.ofDays(31));
		Subscription due = this.subscriptions.subscription("bob").orElseThrow();
		// an instance claimed it, charged the card, and died before recording anything
		String key = "credyt-subscription-" + due.id() + "-" + due.periodEnd().getEpochSecond() + "-0";
		assertThat(new SubscriptionStore(new org.springframework.jdbc.core.JdbcTemplate(this.dataSource))
			.claim(customerId("bob"), due.id(), key, this.clock.instant(), this.clock.instant())).isTrue();
		PaymentOutcome charged = this.provider.chargeOffSession(
				new OffSessionCharge("bob", due.paymentMethod(), new BigDecimal("20.00"), "USD", key));
		assertThat(this.subscriptions.renewDue(10)).isZero();
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.subscriptions.renewDue(10)).isEqualTo(1);
		// charged again under the same key: the provider answered with the payment it had made
		assertThat(this.provider.distinctKeys).containsOnlyKeys(key);
		assertThat(queryRows("SELECT payment_reference FROM credyt_subscription_charge WHERE kind = 'RENEWAL'"))
			.containsExactly(List.of(charged.paymentReference()));
		assertThat(this.subscriptions.subscription("bob").orElseThrow().status()).isEqualTo(SubscriptionStatus.ACTIVE);
		assertInvariants();
	}

	@Test
	void aDeclinedRenewalIsRetriedAsScheduledThenCancelledAndUsagePaysProductPrices() {
		Subscription pro = subscribeByCard("bob");
		fund("bob", "10.00");
		this.provider.decline = true;
		this.clock.set(pro.periodEnd());
		assertThat(this.subscriptions.renewDue(10)).isEqualTo(1);
		Subscription pastDue = this.subscriptions.subscription("bob").orElseThrow();
		assertThat(pastDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
		assertThat(pastDue.failedAttempts()).isEqualTo(1);
		assertThat(pastDue.lastFailureReason()).isEqualTo(TestPaymentProvider.DECLINED_REASON);
		assertThat(pastDue.nextAttemptAt()).isEqualTo(pro.periodEnd().plus(Duration.ofDays(1)));
		assertThat(pastDue.renewsAt()).isNull();
		// while past due: no allowance, the product's own price
		assertThat(this.ledger.record(UsageEvent.of("late-1", "bob", IMAGE, 1)).fee()).isEqualByComparingTo("0.25");
		assertThat(this.subscriptions.renewDue(10)).isZero();

		this.clock.set(pro.periodEnd().plus(Duration.ofDays(1)));
		assertThat(this.subscriptions.renewDue(10)).isEqualTo(1);
		pastDue = this.subscriptions.subscription("bob").orElseThrow();
		assertThat(pastDue.failedAttempts()).isEqualTo(2);
		assertThat(pastDue.nextAttemptAt()).isEqualTo(pro.periodEnd().plus(Duration.ofDays(3)));

		this.clock.set(pro.periodEnd().plus(Duration.ofDays(3)));
		assertThat(this.subscriptions.renewDue(10)).isEqualTo(1);
		Subscription canceled = this.subscriptions.subscription("bob").orElseThrow();
		assertThat(canceled.status()).isEqualTo(SubscriptionStatus.CANCELED);
		assertThat(canceled.endedAt()).isEqualTo(this.clock.instant());
		assertThat(this.provider.distinctKeys).hasSize(3);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_subscription_charge WHERE kind = 'RENEWAL'")).isZero();
		assertThat(this.ledger.record(UsageEvent.of("after-1", "bob", IMAGE, 1)).fee()).isEqualByComparingTo("0.25");
		assertThat(this.subscriptions.renewDue(10)).isZero();
		assertThat(changes()).containsExactly("activated", "past_due", "past_due", "canceled");
		assertThat(this.heard).filteredOn(LedgerEvent.SubscriptionChanged.class::isInstance)
			.last()
			.satisfies((event) -> assertThat(((LedgerEvent.SubscriptionChanged) event).failureReason())
				.isEqualTo(TestPaymentProvider.DECLINED_REASON));
		assertInvariants();
	}

	@Test
	void aPastDueSubscriptionPaidOnRetryIsActiveAgainFromTheUnpaidPeriod() {
		Subscription pro = subscribeByCard("bob");
		this.provider.decline = true;
		this.clock.set(pro.periodEnd());
		this.subscriptions.renewDue(10);
		this.provider.decline = false;
		this.clock.set(pro.periodEnd().plus(Duration.ofDays(1)));
		assertThat(this.subscriptions.renewDue(10)).isEqualTo(1);
		Subscription active = this.subscriptions.subscription("bob").orElseThrow();
		assertThat(active.status()).isEqualTo(SubscriptionStatus.ACTIVE);
		assertThat(active.failedAttempts()).isZero();
		assertThat(active.periodStart()).isEqualTo(pro.periodEnd());
		assertThat(included("bob", active)).isEqualByComparingTo("200");
		assertInvariants();
	}

	@Test
	void walletRenewalThatTheBalanceCannotPayGoesPastDueAndTakesNothing() {
		fund("alice", "20.00");
		Subscription pro = this.subscriptions.subscribeWithWallet("alice", "pro", "sub-1");
		fund("alice", "5.00");
		this.clock.set(pro.periodEnd());
		this.subscriptions.renewDue(10);
		Subscription pastDue = this.subscriptions.subscription("alice").orElseThrow();
		assertThat(pastDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
		assertThat(pastDue.lastFailureReason()).isEqualTo("Your balance does not cover the Pro fee of $20.00.");
		assertUsd("alice", "5.00", "0", "5.00");
		assertInvariants();
	}

	// ------------------------------------------------------------------ changes

	@Test
	void upgradeMidPeriodCreditsTheUnusedPartOfTheFeeAndStartsANewPeriod() {
		fund("alice", "100.00");
		Subscription pro = this.subscriptions.subscribeWithWallet("alice", "pro", "sub-1");
		this.ledger.record(UsageEvent.of("use-50", "alice", IMAGE, 50));
		// 15 of the period's 31 days used: 16/31 of $20.00 = $10.3225…, credited as $10.32
		this.clock.advance(Duration.ofDays(15));
		Subscription max = this.subscriptions.changePlan("alice", pro.id(), "max", "change-1");
		assertThat(max.plan()).isEqualTo("max");
		assertThat(max.id()).isEqualTo(pro.id());
		assertThat(max.periodStart()).isEqualTo(this.clock.instant());
		assertThat(max.periodEnd()).isEqualTo(Instant.parse("2025-02-28T10:00:00Z"));
		assertUsd("alice", "40.32", "0", "40.32");
		assertThat(included("alice", max)).isEqualByComparingTo("1000");
		// the Pro allowance ended with the upgrade: only Max's is left
		assertThat(this.ledger.balance("alice").entitlements()).hasSize(1);
		assertThat(this.ledger.record(UsageEvent.of("use-more", "alice", IMAGE, 1001)).fee())
			.isEqualByComparingTo("0.15");
		// the same request again changes nothing more
		assertThat(this.subscriptions.changePlan("alice", pro.id(), "max", "change-1").plan()).isEqualTo("max");
		assertUsd("alice", "40.17", "0", "40.17");
		assertThat(this.subscriptions.charges("alice")).extracting(SubscriptionCharge::kind)
			.containsExactly(SubscriptionCharge.Kind.UPGRADE, SubscriptionCharge.Kind.FIRST);
		assertInvariants();
	}

	@Test
	void anUpgradeAtTheInstantThePeriodBeganCreditsTheWholeFee() {
		fund("alice", "70.00");
		Subscription pro = this.subscriptions.subscribeWithWallet("alice", "pro", "sub-1");
		Subscription max = this.subscriptions.changePlan("alice", pro.id(), "max", "change-1");
		assertThat(max.plan()).isEqualTo("max");
		assertUsd("alice", "20.00", "0", "20.00");
		// the new period began a microsecond on
		this.clock.advance(Duration.ofMillis(1));
		assertThat(included("alice", max)).isEqualByComparingTo("1000");
		assertInvariants();
	}

	@Test
	void theCreditOfAnUpgradeHelpsPayItsFee() {
		fund("alice", "50.00");
		Subscription pro = this.subscriptions.subscribeWithWallet("alice", "pro", "sub-1");
		// $30.00 left, and the whole $20.00 back: exactly Max's $50.00
		assertThat(this.subscriptions.changePlan("alice", pro.id(), "max", "change-1").plan()).isEqualTo("max");
		assertUsd("alice", "0.00", "0", "0.00");
		assertInvariants();
	}

	@Test
	void downgradeAndCancelTakeEffectAtThePeriodsEndAndReactivateUndoesACancel() {
		fund("alice", "200.00");
		Subscription max = this.subscriptions.subscribeWithWallet("alice", "max", "sub-1");
		Subscription scheduled = this.subscriptions.changePlan("alice", max.id(), "pro", "down-1");
		assertThat(scheduled.plan()).isEqualTo("max");
		assertThat(scheduled.nextPlan()).isEqualTo("pro");
		assertUsd("alice", "150.00", "0", "150.00");
		this.clock.set(max.periodEnd());
		this.subscriptions.renewDue(10);
		Subscription pro = this.subscriptions.subscription("alice").orElseThrow();
		assertThat(pro.plan()).isEqualTo("pro");
		assertThat(pro.nextPlan()).isNull();
		assertUsd("alice", "130.00", "0", "130.00");
		assertThat(included("alice", pro)).isEqualByComparingTo("200");

		Subscription cancelling = this.subscriptions.cancel("alice", pro.id(), "cancel-1");
		assertThat(cancelling.status()).isEqualTo(SubscriptionStatus.ACTIVE);
		assertThat(cancelling.cancelAtPeriodEnd()).isTrue();
		assertThat(cancelling.renewsAt()).isNull();
		Subscription reactivated = this.subscriptions.reactivate("alice", pro.id(), "again-1");
		assertThat(reactivated.cancelAtPeriodEnd()).isFalse();
		this.subscriptions.cancel("alice", pro.id(), "cancel-2");
		this.clock.set(pro.periodEnd());
		assertThat(this.subscriptions.renewDue(10)).isEqualTo(1);
		Subscription ended = this.subscriptions.subscription("alice").orElseThrow();
		assertThat(ended.status()).isEqualTo(SubscriptionStatus.CANCELED);
		assertThat(ended.endedAt()).isEqualTo(pro.periodEnd());
		assertUsd("alice", "130.00", "0", "130.00");
		assertThat(this.ledger.record(UsageEvent.of("after", "alice", IMAGE, 1)).fee()).isEqualByComparingTo("0.25");
		assertThatExceptionOfType(SubscriptionStateException.class)
			.isThrownBy(() -> this.subscriptions.reactivate("alice", pro.id(), "again-2"));
		// a customer whose subscription ended may subscribe again
		Subscription again = this.subscriptions.subscribeWithWallet("alice", "pro", "sub-2");
		assertThat(again.id()).isNotEqualTo(pro.id());
		assertThat(again.status()).isEqualTo(SubscriptionStatus.ACTIVE);
		assertThat(changes()).containsExactly("activated", "downgrade_scheduled", "renewed", "cancel_scheduled",
				"reactivated", "cancel_scheduled", "canceled", "activated");
		assertInvariants();
	}

	@Test
	void cardUpgradeChargesTheSavedCardAndCreditsTheWallet() {
		Subscription pro = subscribeByCard("bob");
		this.clock.advance(Duration.ofDays(15));
		Subscription max = this.subscriptions.changePlan("bob", pro.id(), "max", "up-1");
		assertThat(max.plan()).isEqualTo("max");
		assertUsd("bob", "10.32", "0", "10.32");
		assertThat(this.subscriptions.charges("bob").get(0).source()).isEqualTo(FeeSource.CARD);
		assertThat(this.subscriptions.charges("bob").get(0).amount()).isEqualByComparingTo("50.00");
		assertInvariants();
	}

	@Test
	void aDeclinedCardUpgradeChangesNothing() {
		Subscription pro = subscribeByCard("bob");
		this.provider.decline = true;
		RowCounts before = rowCounts();
		assertThatExceptionOfType(PaymentDeclinedException.class)
			.isThrownBy(() -> this.subscriptions.changePlan("bob", pro.id(), "max", "up-1"));
		assertThat(this.subscriptions.subscription("bob").orElseThrow().plan()).isEqualTo("pro");
		assertUsd("bob", "0", "0", "0");
		assertThat(rowCounts().counts()).containsAllEntriesOf(Map.of("credyt_subscription_charge",
				before.counts().get("credyt_subscription_charge"), "credyt_grant", before.counts().get("credyt_grant")));
		assertInvariants();
	}

	// ------------------------------------------------------------------ bad input

	@Test
	void badInputWritesNothing() {
		fund("alice", "10.00");
		RowCounts before = rowCounts();
		assertThatExceptionOfType(UnknownPlanException.class)
			.isThrownBy(() -> this.subscriptions.subscribeWithWallet("alice", "<script>", "k-1"));
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.subscriptions.subscribeWithWallet("alice", "pro", "k-2"));
		assertThatExceptionOfType(io.credyt.InvalidRequestException.class)
			.isThrownBy(() -> this.subscriptions.subscribeWithWallet("alice", "pro", " "));
		assertThatExceptionOfType(io.credyt.InvalidRequestException.class)
			.isThrownBy(() -> this.subscriptions.subscribeWithWallet("alice", "pro", "k".repeat(256)));
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("alice", "10.00", "0", "10.00");
	}

	@Test
	void subscribingTwiceOrChangingAnotherCustomersSubscriptionIsRefused() {
		fund("alice", "100.00");
		fund("mallory", "100.00");
		Subscription alice = this.subscriptions.subscribeWithWallet("alice", "pro", "sub-1");
		Subscription mallory = this.subscriptions.subscribeWithWallet("mallory", "pro", "sub-1");
		RowCounts before = rowCounts();
		assertThatExceptionOfType(SubscriptionStateException.class)
			.isThrownBy(() -> this.subscriptions.subscribeWithWallet("alice", "max", "sub-2"));
		assertThatExceptionOfType(SubscriptionStateException.class).isThrownBy(() -> this.subscriptions
			.startCheckout("alice", "max", "https://app.test/ok", "https://app.test/no", "sub-3"));
		assertThatExceptionOfType(UnknownSubscriptionException.class)
			.isThrownBy(() -> this.subscriptions.changePlan("mallory", alice.id(), "max", "evil-1"));
		assertThatExceptionOfType(UnknownSubscriptionException.class)
			.isThrownBy(() -> this.subscriptions.cancel("mallory", alice.id(), "evil-2"));
		assertThatExceptionOfType(UnknownSubscriptionException.class)
			.isThrownBy(() -> this.subscriptions.cancel("nobody", alice.id(), "evil-3"));
		assertThatExceptionOfType(UnknownSubscriptionException.class)
			.isThrownBy(() -> this.subscriptions.cancel("alice", UUID.randomUUID(), "evil-4"));
		assertThatExceptionOfType(SubscriptionStateException.class)
			.isThrownBy(() -> this.subscriptions.changePlan("alice", alice.id(), "pro", "same-1"));
		assertThatExceptionOfType(SubscriptionStateException.class)
			.isThrownBy(() -> this.subscriptions.reactivate("alice", alice.id(), "re-1"));
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.subscriptions.subscription("alice")).contains(alice);
		assertThat(this.subscriptions.subscription("mallory")).contains(mallory);
		// a key used for one change cannot be used for another
		this.subscriptions.cancel("alice", alice.id(), "change-1");
		assertThatExceptionOfType(ActionConflictException.class)
			.isThrownBy(() -> this.subscriptions.changePlan("alice", alice.id(), "max", "change-1"));
		assertThat(this.subscriptions.cancel("alice", alice.id(), "change-1").cancelAtPeriodEnd()).isTrue();
		assertInvariants();
	}

	@Test
	void concurrentSubscribesWithOneKeySubscribeOnceAndWithManyKeysOnce() {
		fund("alice", "100.00");
		List<Concurrently.Outcome<Subscription>> sameKey = Concurrently.run(8, 8,
				(i) -> () -> this.subscriptions.subscribeWithWallet("alice", "pro", "one-key"));
		assertThat(sameKey).allMatch(Concurrently.Outcome::succeeded);
		assertThat(sameKey.stream().map((outcome) -> outcome.value().id()).distinct()).hasSize(1);
		List<Concurrently.Outcome<Subscription>> manyKeys = Concurrently.run(8, 8,
				(i) -> () -> this.subscriptions.subscribeWithWallet("alice", "pro", "key-" + i));
		assertThat(manyKeys).allMatch((outcome) -> outcome.failedWith(SubscriptionStateException.class));
		assertUsd("alice", "80.00", "0", "80.00");
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_subscription_charge")).isEqualTo(1);
		assertInvariants();
	}

	@Test
	void summaryCountsStatusesAndMonthlyRecurringRevenue() {
		fund("alice", "100.00");
		fund("carol", "100.00");
		this.subscriptions.subscribeWithWallet("alice", "pro", "sub-1");
		this.subscriptions.subscribeWithWallet("carol", "max", "sub-1");
		subscribeByCard("bob");
		this.provider.decline = true;
		this.clock.advance(Duration.ofDays(40));
		fund("alice", "0.01");
		this.subscriptions.renewDue(10);
		var summary = this.subscriptions.summary();
		assertThat(summary.count(SubscriptionStatus.ACTIVE)).isEqualTo(2);
		assertThat(summary.count(SubscriptionStatus.PAST_DUE)).isEqualTo(1);
		assertThat(summary.mrr()).containsOnlyKeys("USD");
		assertThat(summary.mrr().get("USD")).isEqualByComparingTo("70.00");
		assertThat(this.subscriptions.subscriptions(SubscriptionStatus.PAST_DUE, io.credyt.ledger.PageRequest.of(0, 10))
			.items()).extracting(Subscription::customer).containsExactly("bob");
	}

	// ------------------------------------------------------------------ helpers

	private Subscription subscribeByCard(String customer) {
		Checkout checkout = this.subscriptions.startCheckout(customer, "pro", "https://app.test/ok",
				"https://app.test/no", "form-" + customer);
		this.provider.delegate.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, true);
		return this.subscriptions.completeCheckout(checkout.sessionId());
	}

	/** The plan's units left this period, from the balance the customer sees. */
	private BigDecimal included(String customer, Subscription subscription) {
		return this.ledger.balance(customer)
			.entitlements()
			.stream()
			.filter((entitlement) -> Subscriptions.isAllowanceOf(entitlement.reference(), subscription.id()))
			.map(Entitlement::remaining)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/** The subscription changes the ledger's listeners heard, in order. */
	private List<String> changes() {
		return this.heard.stream()
			.filter(LedgerEvent.SubscriptionChanged.class::isInstance)
			.map((event) -> ((LedgerEvent.SubscriptionChanged) event).change())
			.toList();
	}

	private long customerId(String customer) {
		return queryCount("SELECT id FROM credyt_customer WHERE external_id = ?", customer);
	}

	/** The test provider, with off-session charges that can be made to decline, counted. */
	static final class SwitchableProvider implements PaymentProvider {

		final TestPaymentProvider delegate;

		final AtomicInteger offSessionCharges = new AtomicInteger();

		final Map<String, Boolean> distinctKeys = new ConcurrentHashMap<>();

		volatile boolean decline;

		/** Runs while an off-session charge is made, once. */
		volatile Runnable whileCharging;

		SwitchableProvider(TestPaymentProvider delegate) {
			this.delegate = delegate;
		}

		@Override
		public String name() {
			return this.delegate.name();
		}

		@Override
		public boolean live() {
			return false;
		}

		@Override
		public Checkout startCheckout(CheckoutRequest request) {
			return this.delegate.startCheckout(request);
		}

		@Override
		public Optional<PaymentOutcome> outcome(String sessionId) {
			return this.delegate.outcome(sessionId);
		}

		@Override
		public PaymentOutcome chargeOffSession(OffSessionCharge charge) {
			this.offSessionCharges.incrementAndGet();
			Runnable during = this.whileCharging;
			this.whileCharging = null;
			if (during != null) {
				during.run();
			}
			this.distinctKeys.put(charge.idempotencyKey(), Boolean.TRUE);
			if (this.decline) {
				return new PaymentOutcome(charge.idempotencyKey(), charge.customer(), PaymentStatus.FAILED, null,
						charge.amount(), charge.currency(), charge.paymentMethod(), TestPaymentProvider.DECLINED_REASON);
			}
			return this.delegate.chargeOffSession(charge);
		}

	}

}

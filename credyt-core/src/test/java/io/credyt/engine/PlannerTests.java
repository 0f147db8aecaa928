package io.credyt.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.catalog.Quote;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.LedgerEvent;
import io.credyt.testing.TestCatalog;

import static io.credyt.testing.TestCatalog.HD;
import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner on its own, without a database: fees after entitlements, the grant order,
 * declines that leave their neighbours alone, captures above and below their hold, replays and
 * exact amounts.
 */
class PlannerTests {

	private static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");

	private static final Catalog CATALOG = TestCatalog.catalog();

	private static final long ALICE = 1;

	private final Planner planner = new Planner();

	private final Map<AccountKey, AccountState> accounts = new HashMap<>();

	private final Map<Long, List<EntitlementState>> entitlements = new HashMap<>();

	private final Map<UUID, List<EntitlementUse>> uses = new HashMap<>();

	private final Map<AccountKey, List<GrantLot>> grants = new HashMap<>();

	@Test
	void anAuthorizationReservesWhatItsEntitlementsDoNotCover() {
		AccountState account = account("1.00");
		EntitlementState free = entitlement("10", "7", EntitlementPeriod.ONCE, null);

		Plan plan = plan(authorize(5, Map.of()));

		Hold hold = ((Outcome.Placed) plan.outcomes().get(0)).hold();
		assertThat(hold.entitledUnits()).isEqualByComparingTo("3");
		assertThat(hold.amount()).isEqualByComparingTo("0.50");
		assertThat(account.held()).isEqualByComparingTo("0.50");
		assertThat(account.posted()).isEqualByComparingTo("1.00");
		assertThat(free.used()).isEqualByComparingTo("10");
		assertThat(plan.useChanges()).singleElement().satisfies((use) -> {
			assertThat(use.holdId()).isEqualTo(hold.id());
			assertThat(use.units()).isEqualByComparingTo("3");
			assertThat(use.stored()).isFalse();
		});
		assertThat(plan.holdInserts()).singleElement().satisfies((insert) -> assertThat(insert.hold()).isEqualTo(hold));
	}

	@Test
	void aDeclinedCommandChangesNothingAndLeavesItsNeighboursAlone() {
		AccountState account = account("0.50");
		grants(lot(GrantPurpose.PAID, "0.50"));

		Plan plan = plan(record("evt-1", 1, Map.of()), record("evt-2", 1, HD), record("evt-3", 1, Map.of()));

		assertThat(plan.outcomes().get(0)).isInstanceOf(Outcome.Recorded.class);
		assertThat(plan.outcomes().get(1)).isInstanceOfSatisfying(Outcome.Failed.class,
				(failed) -> assertThat(failed.error()).isInstanceOfSatisfying(InsufficientBalanceException.class,
						(declined) -> {
							assertThat(declined.required()).isEqualByComparingTo("0.40");
							assertThat(declined.available()).isEqualByComparingTo("0.25");
						}));
		assertThat(plan.outcomes().get(2)).isInstanceOf(Outcome.Recorded.class);
		assertThat(account.debit()).isEqualByComparingTo("0.50");
		assertThat(account.posted()).isEqualByComparingTo("0");
		assertThat(plan.usages()).extracting((usage) -> usage.usage().id()).containsExactly("evt-1", "evt-3");
		assertThat(plan.postings()).extracting(Plan.Posting::amount)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("-0.25"), new BigDecimal("-0.25"));
	}

	@Test
	void aDebitTakesGrantsInConsumptionOrderAndSplitsTheFee() {
		account("1.10");
		GrantLot promotion = lot(GrantPurpose.PROMOTIONAL, "0.10");
		GrantLot paid = lot(GrantPurpose.PAID, "1.00");
		grants(promotion, paid);

		Plan plan = plan(record("evt-1", 1, Map.of()));

		FeeSplit split = ((Outcome.Recorded) plan.outcomes().get(0)).usage().split();
		assertThat(split.promotional()).isEqualByComparingTo("0.10");
		assertThat(split.paid()).isEqualByComparingTo("0.15");
		assertThat(split.unfunded()).isEqualByComparingTo("0");
		assertThat(plan.grantTakes()).extracting(GrantLot::taken)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactlyInAnyOrder(new BigDecimal("0.10"), new BigDecimal("0.15"));
		assertThat(promotion.remaining()).isEqualByComparingTo("0");
		assertThat(paid.remaining()).isEqualByComparingTo("0.85");
	}

	@Test
	void aCaptureAboveItsHoldTakesTheDifferenceFromTheAvailableBalanceOrIsDeclined() {
		AccountState account = account("1.00", "0.25");
		grants(lot(GrantPurpose.PAID, "1.00"));
		Hold hold = held(1, "0.25", "0");

		Plan declined = plan(capture(hold, "evt-1", 5));
		assertThat(declined.outcomes().get(0)).isInstanceOfSatisfying(Outcome.Failed.class,
				(failed) -> assertThat(((InsufficientBalanceException) failed.error()).required())
					.isEqualByComparingTo("1.00"));
		assertThat(declined.holdEnds()).isEmpty();
		assertThat(account.held()).isEqualByComparingTo("0.25");

		Plan captured = plan(capture(hold, "evt-1", 4));
		assertThat(((Outcome.Recorded) captured.outcomes().get(0)).usage().fee()).isEqualByComparingTo("1.00");
		assertThat(account.held()).isEqualByComparingTo("0");
		assertThat(account.posted()).isEqualByComparingTo("0");
		assertThat(captured.holdEnds()).singleElement()
			.satisfies((end) -> assertThat(end.status()).isEqualTo(HoldStatus.CAPTURED));
	}

	@Test
	void aCaptureOfFewerUnitsGivesTheUnusedEntitlementUnitsBack() {
		account("0");
		EntitlementState free = entitlement("10", "3", EntitlementPeriod.ONCE, null);
		Hold hold = held(3, "0", "3");
		this.uses.put(hold.id(), new ArrayList<>(List.of(new EntitlementUse(hold.id(), free.id(),
				new BigDecimal("3"), free.periodStart(), true))));

		Plan plan = plan(capture(hold, "evt-1", 1));

		assertThat(((Outcome.Recorded) plan.outcomes().get(0)).usage().entitledUnits()).isEqualByComparingTo("1");
		assertThat(free.used()).isEqualByComparingTo("1");
		assertThat(plan.useChanges()).singleElement()
			.satisfies((use) -> assertThat(use.units()).isEqualByComparingTo("1"));
	}

	@Test
	void anEndedPeriodIsRolledOverBeforeUnitsAreTaken() {
		account("0");
		EntitlementState monthly = entitlement("5", "5", EntitlementPeriod.MONTH, Instant.parse("2025-01-01T00:00:00Z"));

		Plan plan = plan(record("evt-1", 2, Map.of()));

		assertThat(((Outcome.Recorded) plan.outcomes().get(0)).usage().fee()).isEqualByComparingTo("0");
		assertThat(monthly.used()).isEqualByComparingTo("2");
		assertThat(monthly.periodStart()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
	}

	@Test
	void theSameEventIdTwiceInOneBatchIsBilledOnceAndAnsweredAsAReplay() {
		AccountState account = account("1.00");
		grants(lot(GrantPurpose.PAID, "1.00"));

		Plan plan = plan(record("evt-1", 1, Map.of()), record("evt-1", 1, Map.of()));

		assertThat(plan.outcomes().get(1)).isInstanceOf(Outcome.Replay.class);
		assertThat(plan.usages()).hasSize(1);
		assertThat(account.debit()).isEqualByComparingTo("0.25");
	}

	@Test
	void aHoldEndedEarlierInTheBatchIsNotActiveForTheCommandsAfter() {
		AccountState account = account("1.00", "0.25");
		grants(lot(GrantPurpose.PAID, "1.00"));
		Hold hold = held(1, "0.25", "0");

		Plan plan = plan(capture(hold, "evt-1", 1), capture(hold, "evt-2", 1),
				new Command.Release(ALICE, hold, HoldStatus.RELEASED));

		assertThat(plan.outcomes().get(1)).isEqualTo(new Outcome.NotActive(hold.id(), HoldStatus.CAPTURED, "evt-1"));
		assertThat(plan.outcomes().get(2)).isEqualTo(new Outcome.NotActive(hold.id(), HoldStatus.CAPTURED, "evt-1"));
		assertThat(account.debit()).isEqualByComparingTo("0.25");
		assertThat(plan.holdEnds()).hasSize(1);
	}

	@Test
	void amountsStayExactAtTwelveDigits() {
		AccountState account = account("3");
		grants(lot(GrantPurpose.PAID, "3"));
		Product token = CATALOG.product(TOKEN);

		Plan plan = plan(new Command.Record(ALICE, "alice", token, token.quote(Map.of(), BigDecimal.ONE), "evt-1",
				"f1", NOW), new Command.Record(ALICE, "alice", token,
						token.quote(Map.of(), new BigDecimal("999999")), "evt-2", "f2", NOW));

		assertThat(((Outcome.Recorded) plan.outcomes().get(0)).usage().fee()).isEqualByComparingTo("0.000003");
		assertThat(account.debit()).isEqualByComparingTo("3");
		assertThat(account.posted()).isEqualByComparingTo("0");
	}

	@Test
	void everyMovedAccountIsReportedOnceWithItsBalanceBeforeAndAfter() {
		account("1.00");
		grants(lot(GrantPurpose.PAID, "1.00"));

		Plan plan = plan(record("evt-1", 1, Map.of()), record("evt-2", 1, Map.of()));

		assertThat(plan.events()).filteredOn(LedgerEvent.BalanceChanged.class::isInstance)
			.singleElement()
			.isInstanceOfSatisfying(LedgerEvent.BalanceChanged.class, (changed) -> {
				assertThat(changed.customer()).isEqualTo("alice");
				assertThat(changed.availableBefore()).isEqualByComparingTo("1.00");
				assertThat(changed.availableAfter()).isEqualByComparingTo("0.50");
			});
	}

	@Test
	void aCustomerOnAPlanPaysThePlansPricesAndOthersTheProductsOwn() {
		account("1.00");
		grants(lot(GrantPurpose.PAID, "1.00"));
		Product image = CATALOG.product(IMAGE);
		Product pro = new io.credyt.catalog.SubscriptionPlan("pro", "Pro", new BigDecimal("20"), "USD",
				io.credyt.catalog.BillingInterval.MONTH, Map.of(),
				Map.of(IMAGE, List.of(new io.credyt.catalog.PriceRule(Map.of(), new BigDecimal("0.20"), null))))
			.pricing(image);
		Planner priced = new Planner((product, code) -> "pro".equals(code) ? pro : product);
		List<Command> commands = List.of(record("evt-1", 1, Map.of()), record("evt-2", 1, HD));

		Plan onPlan = priced.plan(commands, new Snapshot(this.accounts, this.entitlements, this.uses, this.grants, null,
				null, Map.of(ALICE, "pro")), NOW);

		// the plan names a default price only: the product's own hd price stays
		assertThat(onPlan.usages()).extracting((usage) -> usage.usage().fee())
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("0.20"), new BigDecimal("0.40"));
		account("1.00");
		grants(lot(GrantPurpose.PAID, "1.00"));
		Plan withoutPlan = priced.plan(List.of(record("evt-3", 1, Map.of())), new Snapshot(this.accounts,
				this.entitlements, this.uses, this.grants, null, null, Map.of()), NOW);
		assertThat(withoutPlan.usages().get(0).usage().fee()).isEqualByComparingTo("0.25");
	}

	private Plan plan(Command... commands) {
		return this.planner.plan(List.of(commands),
				new Snapshot(this.accounts, this.entitlements, this.uses, this.grants, null, null), NOW);
	}

	private AccountState account(String posted) {
		return account(posted, "0");
	}

	private AccountState account(String posted, String held) {
		AccountKey key = new AccountKey(ALICE, "USD");
		AccountState account = new AccountState(key, true, new BigDecimal(posted), new BigDecimal(held),
				BigDecimal.ZERO);
		this.accounts.put(key, account);
		return account;
	}

	/** A hold placed earlier: its reservation is in the account's held total already. */
	private static Hold held(long quantity, String amount, String entitled) {
		return new Hold(UUID.randomUUID(), "alice", IMAGE, "USD", BigDecimal.valueOf(quantity), Map.of(),
				new BigDecimal(entitled), new BigDecimal(amount), HoldStatus.ACTIVE, NOW, NOW.plusSeconds(600), null,
				null);
	}

	private EntitlementState entitlement(String units, String used, EntitlementPeriod period, Instant periodEnd) {
		Instant anchor = Instant.parse("2024-12-01T00:00:00Z");
		EntitlementState entitlement = new EntitlementState(UUID.randomUUID(), ALICE, IMAGE, new BigDecimal(units),
				new BigDecimal(used), period, anchor, anchor, periodEnd, null);
		this.entitlements.computeIfAbsent(ALICE, (id) -> new ArrayList<>()).add(entitlement);
		return entitlement;
	}

	private static GrantLot lot(GrantPurpose purpose, String remaining) {
		return new GrantLot(UUID.randomUUID(), purpose, new BigDecimal(remaining));
	}

	private void grants(GrantLot... lots) {
		this.grants.put(new AccountKey(ALICE, "USD"), List.of(lots));
	}

	private Command authorize(long quantity, Map<String, String> dimensions) {
		Product image = CATALOG.product(IMAGE);
		return new Command.Authorize(ALICE, "alice", image, image.quote(dimensions, BigDecimal.valueOf(quantity)),
				UUID.randomUUID(), NOW.plusSeconds(600));
	}

	private Command record(String eventId, long quantity, Map<String, String> dimensions) {
		Product image = CATALOG.product(IMAGE);
		Quote quote = image.quote(dimensions, BigDecimal.valueOf(quantity));
		return new Command.Record(ALICE, "alice", image, quote, eventId, "fingerprint-" + eventId, NOW);
	}

	private Command capture(Hold hold, String eventId, long quantity) {
		Product image = CATALOG.product(IMAGE);
		return new Command.Capture(ALICE, hold, image, image.quote(hold.dimensions(), BigDecimal.valueOf(quantity)),
				eventId, "fingerprint-" + eventId, NOW);
	}

}

package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.HD;
import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entitlements: allowances of product units, used before any money, renewed per period, and given
 * back when a hold does not become usage.
 */
abstract class EntitlementBehaviourTests extends LedgerTestSupport {

	EntitlementBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void oneTimeEntitlementCoversTenImagesAndTheEleventhIsCharged() {
		fund("alice", "5.00");
		Entitlement entitlement = this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 10));
		assertThat(entitlement.product()).isEqualTo(IMAGE);
		assertThat(entitlement.units()).isEqualByComparingTo("10");
		assertThat(entitlement.used()).isZero();
		assertThat(entitlement.period()).isEqualTo(EntitlementPeriod.ONCE);
		assertThat(entitlement.periodEnd()).isNull();
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).isEqualByComparingTo("10");

		for (int i = 1; i <= 10; i++) {
			UsageRecord usage = this.ledger.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1));
			assertThat(usage.entitledUnits()).as("entitled units of image %d", i).isEqualByComparingTo("1");
			assertThat(usage.fee()).as("fee of image %d", i).isZero();
			assertThat(usage.split().total()).isZero();
		}
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).isZero();
		assertUsd("alice", "5.00", "0", "5.00");

		UsageRecord eleventh = this.ledger.record(UsageEvent.of("evt-11", "alice", IMAGE, 1));
		assertThat(eleventh.entitledUnits()).isZero();
		assertThat(eleventh.fee()).isEqualByComparingTo("0.25");
		assertUsd("alice", "4.75", "0", "4.75");
		assertInvariants();
	}

	@Test
	void entitlementCoversUsageWithoutAnyMoney() {
		this.ledger.entitle("carol", EntitlementRequest.once(IMAGE, 2));
		UsageRecord usage = this.ledger.record(UsageEvent.of("evt-1", "carol", IMAGE, 1).dimensions(HD));
		assertThat(usage.fee()).isZero();
		assertThat(usage.entitledUnits()).isEqualByComparingTo("1");
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("carol", IMAGE));
		assertThat(hold.entitledUnits()).isEqualByComparingTo("1");
		assertThat(hold.amount()).isZero();
		assertInvariants();
	}

	@Test
	void entitlementOfOneProductDoesNotCoverAnother() {
		fund("alice", "5.00");
		this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 10));
		UsageRecord usage = this.ledger.record(UsageEvent.of("evt-1", "alice", TOKEN, 1000));
		assertThat(usage.entitledUnits()).isZero();
		assertThat(usage.fee()).isEqualByComparingTo("0.003");
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).isEqualByComparingTo("10");
		assertInvariants();
	}

	@Test
	void usageBeyondTheEntitlementIsChargedForTheRest() {
		fund("alice", "5.00");
		this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 2));
		UsageRecord usage = this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 5));
		assertThat(usage.entitledUnits()).isEqualByComparingTo("2");
		assertThat(usage.fee()).isEqualByComparingTo("0.75");
		assertUsd("alice", "4.25", "0", "4.25");
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).isZero();
		assertInvariants();
	}

	@Test
	void monthlyEntitlementRenewsAfterAMonth() {
		fund("alice", "5.00");
		this.ledger.entitle("alice", EntitlementRequest.every(EntitlementPeriod.MONTH, IMAGE, 3));
		for (int i = 1; i <= 3; i++) {
			assertThat(this.ledger.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1)).fee()).isZero();
		}
		assertThat(this.ledger.record(UsageEvent.of("evt-4", "alice", IMAGE, 1)).fee()).isEqualByComparingTo("0.25");
		this.clock.advance(Duration.ofDays(20));
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).as("still in the first month").isZero();
		assertThat(this.ledger.record(UsageEvent.of("evt-5", "alice", IMAGE, 1)).fee()).isEqualByComparingTo("0.25");

		this.clock.advance(Duration.ofDays(12));
		Instant secondMonth = Instant.parse("2025-02-15T10:00:00Z");
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).as("renewed").isEqualByComparingTo("3");
		UsageRecord renewed = this.ledger.record(UsageEvent.of("evt-6", "alice", IMAGE, 1));
		assertThat(renewed.fee()).isZero();
		assertThat(renewed.entitledUnits()).isEqualByComparingTo("1");
		assertThat(this.ledger.balance("alice").entitlements()).singleElement().satisfies((entitlement) -> {
			assertThat(entitlement.periodStart()).isEqualTo(secondMonth);
			assertThat(entitlement.periodEnd()).isEqualTo(Instant.parse("2025-03-15T10:00:00Z"));
			assertThat(entitlement.used()).isEqualByComparingTo("1");
		});
		assertUsd("alice", "4.50", "0", "4.50");
		assertInvariants();
	}

	@Test
	void releasingAHoldGivesItsUnitsBack() {
		this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 2));
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(2));
		assertThat(hold.entitledUnits()).isEqualByComparingTo("2");
		assertThat(hold.amount()).isZero();
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).isZero();
		this.ledger.release(hold.id());
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).isEqualByComparingTo("2");
		assertThat(this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 2)).fee()).isZero();
		assertInvariants();
	}

	@Test
	void expiredHoldGivesItsUnitsBack() {
		this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 2));
		this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(2));
		Instant now = this.clock.advance(options().holdTimeToLive().plusSeconds(1));
		assertThat(this.ledger.expireHolds(now, 10)).isOne();
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).isEqualByComparingTo("2");
		assertInvariants();
	}

	@Test
	void capturingFewerUnitsThanReservedGivesTheRestBack() {
		this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 3));
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(3));
		UsageRecord usage = this.ledger.capture(hold.id(), Capture.of("evt-1").quantity(BigDecimal.ONE));
		assertThat(usage.entitledUnits()).isEqualByComparingTo("1");
		assertThat(usage.fee()).isZero();
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).isEqualByComparingTo("2");
		assertInvariants();
	}

	@Test
	void holdBeyondTheEntitlementReservesMoneyForTheRest() {
		fund("alice", "5.00");
		this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 2));
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(3));
		assertThat(hold.entitledUnits()).isEqualByComparingTo("2");
		assertThat(hold.amount()).isEqualByComparingTo("0.25");
		assertUsd("alice", "5.00", "0.25", "4.75");
		UsageRecord usage = this.ledger.capture(hold.id(), Capture.of("evt-1"));
		assertThat(usage.entitledUnits()).isEqualByComparingTo("2");
		assertThat(usage.fee()).isEqualByComparingTo("0.25");
		assertUsd("alice", "4.75", "0", "4.75");
		assertInvariants();
	}

	@Test
	void entitlementWithAReferenceIsCreatedOnce() {
		Entitlement first = this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 10).reference("signup"));
		RowCounts before = rowCounts();
		Entitlement again = this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 10).reference("signup"));
		assertThat(again.id()).isEqualTo(first.id());
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.balance("alice").entitled(IMAGE)).isEqualByComparingTo("10");
		assertInvariants();
	}

}

package io.credyt.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.LedgerEntry;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Credit grants: consumed promotional → bundled → paid, earliest expiry first; a fee that spans
 * grants is split exactly; expired value stops counting and future value does not count yet.
 */
abstract class GrantBehaviourTests extends LedgerTestSupport {

	GrantBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void grantIsPostedAsAGrantEntry() {
		CreditGrant grant = this.ledger.grant("alice", GrantRequest.paid(USD, "5.00").reference("pay-1"));
		assertThat(grant.customer()).isEqualTo("alice");
		assertThat(grant.purpose()).isEqualTo(GrantPurpose.PAID);
		assertThat(grant.amount()).isEqualByComparingTo("5.00");
		assertThat(grant.remaining()).isEqualByComparingTo("5.00");
		assertThat(grant.priority()).isEqualTo(GrantPurpose.PAID.defaultPriority());
		assertThat(grant.effective()).isTrue();
		assertThat(grant.effectiveAt()).isEqualTo(START);
		assertThat(grant.expiresAt()).isNull();
		assertThat(this.ledger.entries("alice", PageRequest.of(0, 10)).items()).singleElement()
			.satisfies((entry) -> {
				assertThat(entry.type()).isEqualTo(EntryType.GRANT);
				assertThat(entry.amount()).isEqualByComparingTo("5.00");
			});
		assertUsd("alice", "5.00", "0", "5.00");
		assertInvariants();
	}

	@Test
	void grantWithAReferenceIsCreatedOnce() {
		CreditGrant first = this.ledger.grant("alice", GrantRequest.promotional(USD, "2.00").reference("welcome"));
		RowCounts before = rowCounts();
		CreditGrant again = this.ledger.grant("alice", GrantRequest.promotional(USD, "2.00").reference("welcome"));
		assertThat(again.id()).isEqualTo(first.id());
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("alice", "2.00", "0", "2.00");
		assertInvariants();
	}

	@Test
	void usageConsumesPromotionalThenBundledThenPaidValue() {
		UUID paid = this.ledger.grant("alice", GrantRequest.paid(USD, "1.00")).id();
		UUID bundled = this.ledger.grant("alice", GrantRequest.bundled(USD, "1.00")).id();
		UUID promotional = this.ledger.grant("alice", GrantRequest.promotional(USD, "1.00")).id();

		assertSplit(record("evt-1", 1).split(), "0.25", "0", "0", "0");
		assertRemaining(promotional, "0.75");
		assertSplit(record("evt-2", 4).split(), "0.75", "0.25", "0", "0");
		assertRemaining(promotional, "0");
		assertRemaining(bundled, "0.75");
		assertSplit(record("evt-3", 6).split(), "0", "0.75", "0.75", "0");
		assertRemaining(bundled, "0");
		assertRemaining(paid, "0.25");
		assertSplit(this.ledger.usage("evt-2").orElseThrow().split(), "0.75", "0.25", "0", "0");
		assertUsd("alice", "0.25", "0", "0.25");
		assertInvariants();
	}

	@Test
	void withinAPurposeTheEarliestExpiryIsConsumedFirstAndNeverExpiringLast() {
		UUID inThirtyDays = this.ledger
			.grant("alice", GrantRequest.promotional(USD, "1.00").expiresAt(START.plus(Duration.ofDays(30))))
			.id();
		this.clock.advance(Duration.ofSeconds(1));
		UUID never = this.ledger.grant("alice", GrantRequest.promotional(USD, "1.00")).id();
		this.clock.advance(Duration.ofSeconds(1));
		UUID inTenDays = this.ledger
			.grant("alice", GrantRequest.promotional(USD, "1.00").expiresAt(START.plus(Duration.ofDays(10))))
			.id();

		record("evt-1", 4);
		assertRemaining(inTenDays, "0");
		assertRemaining(inThirtyDays, "1.00");
		assertRemaining(never, "1.00");
		record("evt-2", 2);
		assertRemaining(inThirtyDays, "0.50");
		assertRemaining(never, "1.00");
		record("evt-3", 4);
		assertRemaining(inThirtyDays, "0");
		assertRemaining(never, "0.50");
		assertUsd("alice", "0.50", "0", "0.50");
		assertInvariants();
	}

	@Test
	void feeSpanningTwoGrantsIsSplitExactly() {
		this.ledger.grant("alice", GrantRequest.promotional(USD, "0.10"));
		this.ledger.grant("alice", GrantRequest.paid(USD, "1.00"));
		UsageRecord usage = record("evt-1", 1);
		assertThat(usage.fee()).isEqualByComparingTo("0.25");
		assertSplit(usage.split(), "0.10", "0", "0.15", "0");
		assertThat(usage.split().total()).isEqualByComparingTo(usage.fee());
		assertSplit(this.ledger.usage("evt-1").orElseThrow().split(), "0.10", "0", "0.15", "0");
		assertUsd("alice", "0.85", "0", "0.85");
		assertInvariants();
	}

	@Test
	void expiredPromotionalValueStopsCountingAndUsageFallsBackToPaidValue() {
		UUID promotional = this.ledger
			.grant("alice", GrantRequest.promotional(USD, "1.00").expiresAt(START.plus(Duration.ofDays(1))))
			.id();
		this.ledger.grant("alice", GrantRequest.paid(USD, "5.00"));
		assertSplit(record("evt-1", 1).split(), "0.25", "0", "0", "0");
		assertUsd("alice", "5.75", "0", "5.75");

		this.clock.advance(Duration.ofDays(2));
		assertThat(this.ledger.balance("alice").available(USD)).as("available once the promotion expired")
			.isEqualByComparingTo("5.00");
		assertSplit(record("evt-2", 1).split(), "0", "0", "0.25", "0");
		assertUsd("alice", "4.75", "0", "4.75");
		assertRemaining(promotional, "0");
		List<LedgerEntry> expiries = entriesOfType(EntryType.GRANT_EXPIRY);
		assertThat(expiries).singleElement()
			.satisfies((entry) -> assertThat(entry.amount()).isEqualByComparingTo("-0.75"));
		assertInvariants();
	}

	@Test
	void expiredValueCannotBeAuthorized() {
		this.ledger.grant("alice", GrantRequest.promotional(USD, "1.00").expiresAt(START.plus(Duration.ofHours(1))));
		this.clock.advance(Duration.ofHours(2));
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE)))
			.satisfies((ex) -> assertThat(ex.available()).isZero());
		assertThat(this.ledger.balance("alice").available(USD)).isZero();
		assertInvariants();
	}

	@Test
	void dueGrantChangesAreAppliedToIdleAccounts() {
		this.ledger.grant("alice", GrantRequest.promotional(USD, "1.00").expiresAt(START.plus(Duration.ofDays(1))));
		this.ledger.grant("alice", GrantRequest.paid(USD, "5.00"));
		this.ledger.grant("bob", GrantRequest.paid(USD, "3.00"));
		Instant now = this.clock.advance(Duration.ofDays(2));
		assertThat(this.ledger.applyDueGrantChanges(now, 100)).isOne();
		assertThat(entriesOfType(EntryType.GRANT_EXPIRY)).singleElement()
			.satisfies((entry) -> assertThat(entry.amount()).isEqualByComparingTo("-1.00"));
		assertThat(queryNumber("SELECT posted FROM credyt_account a JOIN credyt_customer c ON c.id = a.customer_id"
				+ " WHERE c.external_id = 'alice' AND a.asset = 'USD'")).isEqualByComparingTo("5.00");
		assertThat(this.ledger.applyDueGrantChanges(now, 100)).isZero();
		assertUsd("alice", "5.00", "0", "5.00");
		assertUsd("bob", "3.00", "0", "3.00");
		assertInvariants();
	}

	@Test
	void grantEffectiveInTheFutureDoesNotCountUntilThen() {
		CreditGrant grant = this.ledger.grant("alice",
				GrantRequest.paid(USD, "5.00").effectiveAt(START.plus(Duration.ofHours(1))));
		assertThat(grant.effective()).isFalse();
		assertThat(grant.effectiveAt()).isEqualTo(START.plus(Duration.ofHours(1)));
		assertThat(this.ledger.grants("alice")).singleElement()
			.satisfies((listed) -> assertThat(listed.effective()).isFalse());
		assertThat(this.ledger.balance("alice").available(USD)).isZero();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE)));
		assertThat(this.ledger.entries("alice", PageRequest.of(0, 10)).total()).isZero();
		assertInvariants();

		this.clock.advance(Duration.ofHours(2));
		assertThat(this.ledger.balance("alice").available(USD)).isEqualByComparingTo("5.00");
		this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		assertUsd("alice", "5.00", "0.25", "4.75");
		assertThat(entriesOfType(EntryType.GRANT)).singleElement()
			.satisfies((entry) -> assertThat(entry.amount()).isEqualByComparingTo("5.00"));
		assertThat(this.ledger.grants("alice")).singleElement()
			.satisfies((listed) -> assertThat(listed.effective()).isTrue());
		assertInvariants();
	}

	@Test
	void futureGrantBecomesEffectiveOnAnIdleAccountWhenDueChangesAreApplied() {
		this.ledger.grant("alice", GrantRequest.bundled(USD, "2.00").effectiveAt(START.plus(Duration.ofDays(1))));
		Instant now = this.clock.advance(Duration.ofDays(1));
		assertThat(this.ledger.applyDueGrantChanges(now, 100)).isOne();
		assertThat(entriesOfType(EntryType.GRANT)).singleElement()
			.satisfies((entry) -> assertThat(entry.amount()).isEqualByComparingTo("2.00"));
		assertUsd("alice", "2.00", "0", "2.00");
		assertInvariants();
	}

	private UsageRecord record(String eventId, long images) {
		return this.ledger.record(UsageEvent.of(eventId, "alice", IMAGE, images));
	}

	private void assertRemaining(UUID grantId, String remaining) {
		CreditGrant grant = this.ledger.grants("alice")
			.stream()
			.filter((candidate) -> candidate.id().equals(grantId))
			.findFirst()
			.orElseThrow();
		assertThat(grant.remaining()).as("remaining of %s grant %s", grant.purpose(), grantId)
			.isEqualByComparingTo(remaining);
	}

	private static void assertSplit(FeeSplit split, String promotional, String bundled, String paid,
			String unfunded) {
		assertThat(split.promotional()).as("promotional").isEqualByComparingTo(promotional);
		assertThat(split.bundled()).as("bundled").isEqualByComparingTo(bundled);
		assertThat(split.paid()).as("paid").isEqualByComparingTo(paid);
		assertThat(split.unfunded()).as("unfunded").isEqualByComparingTo(unfunded);
	}

	private List<LedgerEntry> entriesOfType(EntryType type) {
		return this.ledger.entries("alice", PageRequest.of(0, 500))
			.items()
			.stream()
			.filter((entry) -> entry.type() == type)
			.toList();
	}

}

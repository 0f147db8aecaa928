package io.credyt.jdbc;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.LedgerEntry;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Adjustments: signed corrections with a reason and a reference; history is never rewritten.
 */
abstract class AdjustmentBehaviourTests extends LedgerTestSupport {

	AdjustmentBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void giftCreatesAPromotionalGrantAndAnAdjustmentEntry() {
		fund("alice", "1.00");
		Adjustment gift = this.ledger.adjust("alice",
				AdjustmentRequest.of(USD, "2.00", AdjustmentReason.GIFT, "ticket-42").note("sorry for the outage"));
		assertThat(gift.customer()).isEqualTo("alice");
		assertThat(gift.asset()).isEqualTo(USD);
		assertThat(gift.amount()).isEqualByComparingTo("2.00");
		assertThat(gift.reason()).isEqualTo(AdjustmentReason.GIFT);
		assertThat(gift.reference()).isEqualTo("ticket-42");
		assertThat(gift.note()).isEqualTo("sorry for the outage");
		assertThat(gift.createdAt()).isEqualTo(START);
		assertThat(gift.grantId()).isNotNull();
		CreditGrant grant = this.ledger.grants("alice")
			.stream()
			.filter((candidate) -> candidate.id().equals(gift.grantId()))
			.findFirst()
			.orElseThrow();
		assertThat(grant.purpose()).isEqualTo(GrantPurpose.PROMOTIONAL);
		assertThat(grant.amount()).isEqualByComparingTo("2.00");
		assertThat(grant.effective()).isTrue();
		List<LedgerEntry> adjustments = entriesOfType(EntryType.ADJUSTMENT);
		assertThat(adjustments).singleElement()
			.satisfies((entry) -> assertThat(entry.amount()).isEqualByComparingTo("2.00"));
		assertUsd("alice", "3.00", "0", "3.00");
		assertThat(this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1)).split().promotional())
			.as("gifted value is used first")
			.isEqualByComparingTo("0.25");
		assertInvariants();
	}

	@Test
	void refundCreditsPaidValue() {
		fund("alice", "1.00");
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		Adjustment refund = this.ledger.adjust("alice",
				AdjustmentRequest.of(USD, "0.25", AdjustmentReason.REFUND, "evt-1"));
		CreditGrant grant = this.ledger.grants("alice")
			.stream()
			.filter((candidate) -> candidate.id().equals(refund.grantId()))
			.findFirst()
			.orElseThrow();
		assertThat(grant.purpose()).isEqualTo(GrantPurpose.PAID);
		assertUsd("alice", "1.00", "0", "1.00");
		assertInvariants();
	}

	@Test
	void negativeAdjustmentTakesValue() {
		fund("alice", "1.00");
		Adjustment chargeback = this.ledger.adjust("alice",
				AdjustmentRequest.of(USD, "-0.40", AdjustmentReason.CHARGEBACK, "pay-1"));
		assertThat(chargeback.amount()).isEqualByComparingTo("-0.40");
		assertThat(chargeback.grantId()).isNull();
		assertThat(entriesOfType(EntryType.ADJUSTMENT)).singleElement()
			.satisfies((entry) -> assertThat(entry.amount()).isEqualByComparingTo("-0.40"));
		assertThat(this.ledger.grants("alice")).singleElement()
			.satisfies((grant) -> assertThat(grant.remaining()).isEqualByComparingTo("0.60"));
		assertUsd("alice", "0.60", "0", "0.60");
		assertInvariants();
	}

	@Test
	void negativeAdjustmentBeyondAvailableFailsAndWritesNothing() {
		fund("alice", "1.00");
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.adjust("alice",
					AdjustmentRequest.of(USD, "-2.00", AdjustmentReason.CORRECTION, "audit-7")))
			.satisfies((ex) -> {
				assertThat(ex.customer()).isEqualTo("alice");
				assertThat(ex.required()).isEqualByComparingTo("2.00");
				assertThat(ex.available()).isEqualByComparingTo("1.00");
			});
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("alice", "1.00", "0", "1.00");
		assertInvariants();
	}

	@Test
	void negativeAdjustmentCannotTakeHeldValue() {
		fund("alice", "1.00");
		this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(2));
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class).isThrownBy(() -> this.ledger.adjust("alice",
				AdjustmentRequest.of(USD, "-0.75", AdjustmentReason.CORRECTION, "audit-8")));
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("alice", "1.00", "0.50", "0.50");
		assertInvariants();
	}

	@Test
	void adjustmentHistoryIsPagedNewestFirst() {
		fund("alice", "10.00");
		for (int i = 1; i <= 5; i++) {
			this.clock.advance(Duration.ofSeconds(1));
			this.ledger.adjust("alice", AdjustmentRequest.of(USD, (i % 2 == 0) ? "-0.0" + i : "0.0" + i,
					(i % 2 == 0) ? AdjustmentReason.CORRECTION : AdjustmentReason.GIFT, "ref-" + i));
		}
		Page<Adjustment> first = this.ledger.adjustments("alice", PageRequest.of(0, 2));
		assertThat(first.total()).isEqualTo(5);
		assertThat(first.page()).isZero();
		assertThat(first.size()).isEqualTo(2);
		assertThat(first.hasNext()).isTrue();
		assertThat(first.items()).extracting(Adjustment::reference).containsExactly("ref-5", "ref-4");
		assertThat(this.ledger.adjustments("alice", PageRequest.of(1, 2)).items()).extracting(Adjustment::reference)
			.containsExactly("ref-3", "ref-2");
		Page<Adjustment> last = this.ledger.adjustments("alice", PageRequest.of(2, 2));
		assertThat(last.items()).extracting(Adjustment::reference).containsExactly("ref-1");
		assertThat(last.hasNext()).isFalse();
		assertThat(this.ledger.adjustments("alice", PageRequest.of(3, 2)).items()).isEmpty();
		assertUsd("alice", "10.03", "0", "10.03");
		assertInvariants();
	}

	private List<LedgerEntry> entriesOfType(EntryType type) {
		return this.ledger.entries("alice", PageRequest.of(0, 500))
			.items()
			.stream()
			.filter((entry) -> entry.type() == type)
			.toList();
	}

}

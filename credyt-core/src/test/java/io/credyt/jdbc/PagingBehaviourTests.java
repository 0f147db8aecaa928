package io.credyt.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.credyt.ledger.EntryType;
import io.credyt.ledger.LedgerEntry;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries and usage are read newest first, a page at a time, with the total of all pages.
 */
abstract class PagingBehaviourTests extends LedgerTestSupport {

	PagingBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void usageIsPagedNewestFirst() {
		recordSevenImages();
		fund("bob", "1.00");
		this.ledger.record(UsageEvent.of("bob-1", "bob", IMAGE, 1));

		Page<UsageRecord> first = this.ledger.usage("alice", PageRequest.of(0, 3));
		assertThat(first.total()).isEqualTo(7);
		assertThat(first.page()).isZero();
		assertThat(first.size()).isEqualTo(3);
		assertThat(first.totalPages()).isEqualTo(3);
		assertThat(first.items()).extracting(UsageRecord::id).containsExactly("evt-7", "evt-6", "evt-5");
		assertThat(first.items().get(0)).isEqualTo(this.ledger.usage("evt-7").orElseThrow());
		assertThat(this.ledger.usage("alice", PageRequest.of(1, 3)).items()).extracting(UsageRecord::id)
			.containsExactly("evt-4", "evt-3", "evt-2");
		Page<UsageRecord> last = this.ledger.usage("alice", PageRequest.of(2, 3));
		assertThat(last.items()).extracting(UsageRecord::id).containsExactly("evt-1");
		assertThat(last.total()).isEqualTo(7);
		assertThat(last.hasNext()).isFalse();
		Page<UsageRecord> beyond = this.ledger.usage("alice", PageRequest.of(5, 3));
		assertThat(beyond.items()).isEmpty();
		assertThat(beyond.total()).isEqualTo(7);
		assertThat(this.ledger.usage("alice", PageRequest.of(0, 500)).items()).hasSize(7);
		assertInvariants();
	}

	@Test
	void entriesArePagedNewestFirst() {
		recordSevenImages();
		Page<LedgerEntry> first = this.ledger.entries("alice", PageRequest.of(0, 5));
		assertThat(first.total()).isEqualTo(8);
		assertThat(first.items()).hasSize(5);
		Page<LedgerEntry> second = this.ledger.entries("alice", PageRequest.of(1, 5));
		assertThat(second.items()).hasSize(3);
		assertThat(second.hasNext()).isFalse();
		List<LedgerEntry> all = new ArrayList<>(first.items());
		all.addAll(second.items());
		assertThat(all).extracting(LedgerEntry::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		assertThat(all).extracting(LedgerEntry::id).doesNotHaveDuplicates();
		assertThat(all).allSatisfy((entry) -> assertThat(entry.customer()).isEqualTo("alice"));
		assertThat(all.get(0).reference()).isEqualTo("evt-7");
		assertThat(all.get(all.size() - 1).type()).isEqualTo(EntryType.GRANT);
		assertThat(all.subList(0, 7)).allSatisfy((entry) -> {
			assertThat(entry.type()).isEqualTo(EntryType.USAGE);
			assertThat(entry.amount()).isEqualByComparingTo("-0.25");
		});
		assertInvariants();
	}

	@Test
	void pagesOfAnUnknownCustomerAreEmptyAndWriteNothing() {
		RowCounts before = rowCounts();
		assertThat(this.ledger.usage("ghost", PageRequest.of(0, 10)).total()).isZero();
		assertThat(this.ledger.entries("ghost", PageRequest.of(0, 10)).items()).isEmpty();
		assertThat(this.ledger.adjustments("ghost", PageRequest.of(0, 10)).total()).isZero();
		assertThat(this.ledger.grants("ghost")).isEmpty();
		assertThat(rowCounts()).isEqualTo(before);
		assertInvariants();
	}

	private void recordSevenImages() {
		fund("alice", "10.00");
		for (int i = 1; i <= 7; i++) {
			this.clock.advance(Duration.ofSeconds(1));
			this.ledger.record(UsageEvent.of("evt-" + i, "alice", IMAGE, 1));
		}
	}

}

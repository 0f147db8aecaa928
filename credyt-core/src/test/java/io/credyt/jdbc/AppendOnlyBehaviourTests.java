package io.credyt.jdbc;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.TRIPLE;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 2: ledger entries are append-only. Whatever happens later (captures, grants, expiry,
 * adjustments), the rows written earlier stay exactly as they were.
 */
abstract class AppendOnlyBehaviourTests extends LedgerTestSupport {

	static final String ENTRIES = "SELECT id, customer_id, asset, amount, type, reference, created_at"
			+ " FROM credyt_entry ORDER BY id";

	AppendOnlyBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void laterOperationsNeverChangeEarlierEntries() {
		writeHistory();
		List<List<Object>> earlier = queryRows(ENTRIES);
		List<List<Object>> earlierRounding = queryRows("SELECT id, asset, amount, reference FROM credyt_rounding ORDER BY id");
		assertThat(earlier).hasSizeGreaterThanOrEqualTo(6);

		this.clock.advance(Duration.ofMinutes(1));
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(2));
		this.ledger.capture(hold.id(), Capture.of("evt-later"));
		this.ledger.grant("alice", GrantRequest.paid(USD, "2.00"));
		this.ledger.adjust("alice", AdjustmentRequest.of(USD, "-0.30", AdjustmentReason.CORRECTION, "audit-1"));
		this.ledger.adjust("alice", AdjustmentRequest.of(USD, "0.30", AdjustmentReason.REFUND, "evt-later"));
		this.clock.advance(Duration.ofDays(3));
		this.ledger.applyDueGrantChanges(this.clock.instant(), 100);
		this.ledger.record(UsageEvent.of("evt-after-expiry", "alice", IMAGE, 1));
		this.ledger.topUp("bob", TopUpRequest.of("pay-2", "1", USD, TRIPLE));

		List<List<Object>> now = queryRows(ENTRIES);
		assertThat(now).hasSizeGreaterThan(earlier.size());
		assertThat(now.subList(0, earlier.size())).as("earlier entries, unchanged").isEqualTo(earlier);
		long lastEarlierId = ((Number) earlier.get(earlier.size() - 1).get(0)).longValue();
		assertThat(now.subList(earlier.size(), now.size()))
			.allSatisfy((row) -> assertThat(((Number) row.get(0)).longValue()).isGreaterThan(lastEarlierId));
		assertThat(queryRows("SELECT id, asset, amount, reference FROM credyt_rounding ORDER BY id").subList(0,
				earlierRounding.size()))
			.isEqualTo(earlierRounding);
		assertInvariants();
	}

	/** Grants (one expiring soon), usage, a capture, a release, an adjustment and a top-up. */
	void writeHistory() {
		this.ledger.grant("alice", GrantRequest.paid(USD, "5.00"));
		this.ledger.grant("alice", GrantRequest.promotional(USD, "1.00").expiresAt(START.plus(Duration.ofDays(1))));
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1));
		Hold captured = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.ledger.capture(captured.id(), Capture.of("evt-2"));
		Hold released = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.ledger.release(released.id());
		this.ledger.adjust("alice", AdjustmentRequest.of(USD, "0.50", AdjustmentReason.GIFT, "ticket-1"));
		this.ledger.topUp("bob", TopUpRequest.of("pay-1", "1", USD, TRIPLE));
	}

}

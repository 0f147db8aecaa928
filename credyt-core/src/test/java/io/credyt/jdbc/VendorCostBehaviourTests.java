package io.credyt.jdbc;

import java.math.BigDecimal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.HD;
import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A usage's vendor cost: the product's configured cost × quantity, or what the caller says the
 * work actually cost, stored exactly as given and never touching the fee.
 */
abstract class VendorCostBehaviourTests extends LedgerTestSupport {

	VendorCostBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void fundAlice() {
		fund("alice", "10.00");
	}

	@Test
	void recordedUsageCarriesTheActualCostInsteadOfTheConfiguredOne() {
		UsageRecord usage = this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 2).cost(new BigDecimal("0.0375")));
		assertThat(usage.cost()).isEqualByComparingTo("0.0375");
		assertThat(usage.fee()).as("the fee does not depend on the cost").isEqualByComparingTo("0.50");
		assertThat(storedCost("evt-1")).isEqualByComparingTo("0.0375");
		assertThat(this.ledger.usage("evt-1")).contains(usage);
		assertUsd("alice", "9.50", "0", "9.50");
		assertInvariants();
	}

	@Test
	void usageWithoutAnActualCostCarriesTheConfiguredCostTimesTheQuantity() {
		assertThat(this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 3)).cost()).isEqualByComparingTo("0.60");
		assertThat(this.ledger.record(UsageEvent.of("evt-2", "alice", IMAGE, 3).cost(null)).cost())
			.isEqualByComparingTo("0.60");
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		assertThat(this.ledger.capture(hold.id(), Capture.of("evt-3")).cost()).isEqualByComparingTo("0.20");
		assertInvariants();
	}

	@Test
	void capturedUsageCarriesTheActualCost() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).dimensions(HD));
		UsageRecord usage = this.ledger.capture(hold.id(), Capture.of("evt-1").cost(new BigDecimal("0.123456789012")));
		assertThat(usage.cost()).as("twelve fraction digits, exactly").isEqualByComparingTo("0.123456789012");
		assertThat(usage.fee()).isEqualByComparingTo("0.40");
		assertThat(storedCost("evt-1")).isEqualByComparingTo("0.123456789012");
		assertUsd("alice", "9.60", "0", "9.60");
		assertInvariants();
	}

	@Test
	void captureOfAnotherQuantityKeepsTheActualCostAsGiven() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(2));
		UsageRecord usage = this.ledger.capture(hold.id(),
				Capture.of("evt-1").quantity(new BigDecimal("3")).cost(new BigDecimal("0.05")));
		assertThat(usage.quantity()).isEqualByComparingTo("3");
		assertThat(usage.cost()).as("the cost of the whole usage, not per unit").isEqualByComparingTo("0.05");
		assertThat(usage.fee()).isEqualByComparingTo("0.75");
		assertInvariants();
	}

	@Test
	void zeroIsAnActualCost() {
		assertThat(this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1).cost(BigDecimal.ZERO)).cost())
			.as("a cached result that cost nothing").isZero();
		assertThat(storedCost("evt-1")).isZero();
		assertInvariants();
	}

	@Test
	void productWithoutAConfiguredCostTakesAnActualOne() {
		this.ledger.record(UsageEvent.of("evt-1", "alice", TOKEN, 1_000_000).cost(new BigDecimal("1.25")));
		assertThat(storedCost("evt-1")).isEqualByComparingTo("1.25");
		assertInvariants();
	}

	@Test
	void usageCoveredByAnEntitlementStillCarriesItsActualCost() {
		this.ledger.entitle("alice", EntitlementRequest.once(IMAGE, 1));
		UsageRecord usage = this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1).cost(new BigDecimal("0.18")));
		assertThat(usage.fee()).isZero();
		assertThat(usage.cost()).as("free to the customer, not to the operator").isEqualByComparingTo("0.18");
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	private BigDecimal storedCost(String eventId) {
		return queryNumber("SELECT cost FROM credyt_usage_event WHERE id = ?", eventId);
	}

}

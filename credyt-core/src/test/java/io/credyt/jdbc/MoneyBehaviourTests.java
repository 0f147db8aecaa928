package io.credyt.jdbc;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.Hold;
import io.credyt.ledger.LedgerEntry;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.TopUp;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Money;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.CREDITS;
import static io.credyt.testing.TestCatalog.RENDER;
import static io.credyt.testing.TestCatalog.TOKEN;
import static io.credyt.testing.TestCatalog.TRIPLE;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 6: money is exact, from the price through the stored entry and back.
 */
abstract class MoneyBehaviourTests extends LedgerTestSupport {

	MoneyBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void aMillionTokensAtThreeDollarsPerMillionCostExactlyThreeDollars() {
		fund("alice", "10.00");
		UsageRecord usage = this.ledger.record(
				new UsageEvent("evt-1", "alice", TOKEN, new BigDecimal("1000000"), Map.of(), null));
		assertThat(usage.fee()).isEqualByComparingTo("3.000000");
		assertThat(this.ledger.usage("evt-1").orElseThrow().fee()).isEqualByComparingTo("3");
		assertThat(queryNumber("SELECT fee FROM credyt_usage_event WHERE id = 'evt-1'")).isEqualByComparingTo("3");
		assertThat(queryNumber("SELECT amount FROM credyt_entry WHERE type = 'USAGE'")).isEqualByComparingTo("-3");
		assertUsd("alice", "7", "0", "7");
		assertInvariants();
	}

	@Test
	void oneTokenIsChargedAndNotRoundedToZero() {
		fund("alice", "10.00");
		UsageRecord usage = this.ledger.record(UsageEvent.of("evt-1", "alice", TOKEN, 1));
		assertThat(usage.fee()).isEqualByComparingTo("0.000003");
		assertThat(this.ledger.usage("evt-1").orElseThrow().fee()).isEqualByComparingTo("0.000003");
		assertThat(queryNumber("SELECT fee FROM credyt_usage_event WHERE id = 'evt-1'"))
			.isEqualByComparingTo("0.000003");
		assertThat(queryNumber("SELECT amount FROM credyt_entry WHERE type = 'USAGE'"))
			.isEqualByComparingTo("-0.000003");
		assertUsd("alice", "9.999997", "0", "9.999997");
		assertInvariants();
	}

	@Test
	void heldAndCapturedTokenFeesKeepEveryDigit() {
		fund("alice", "1.00");
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", TOKEN).quantity(333_333));
		assertThat(hold.amount()).isEqualByComparingTo("0.999999");
		assertUsd("alice", "1.00", "0.999999", "0.000001");
		UsageRecord usage = this.ledger.capture(hold.id(), Capture.of("evt-1").quantity(new BigDecimal("7")));
		assertThat(usage.fee()).isEqualByComparingTo("0.000021");
		assertUsd("alice", "0.999979", "0", "0.999979");
		assertInvariants();
	}

	@Test
	void smallestAmountIsStoredExactly() {
		fund("alice", USD, "0.000000000001");
		assertUsd("alice", "0.000000000001", "0", "0.000000000001");
		assertThat(queryNumber("SELECT amount FROM credyt_entry")).isEqualByComparingTo(Money.smallestUnit());
		assertInvariants();
	}

	@Test
	void oneDollarSplitThreeWaysAddsUpExactly() {
		List<BigDecimal> parts = Money.allocate(BigDecimal.ONE, 3);
		assertThat(parts).hasSize(3);
		assertThat(parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("1");
		assertThat(parts.get(0)).isEqualByComparingTo("0.333333333334");
		assertThat(parts.get(1)).isEqualByComparingTo("0.333333333333");
		assertThat(parts.get(2)).isEqualByComparingTo("0.333333333333");
		assertInvariants();
	}

	@Test
	void topUpIntoAnAssetThatDoesNotDivideEvenlyRecordsTheResidual() {
		TopUp topUp = this.ledger.topUp("alice", TopUpRequest.of("pay-1", "1", USD, TRIPLE));
		BigDecimal credited = new BigDecimal("0.333333333333");
		assertThat(topUp.grant().amount()).isEqualByComparingTo(credited);
		assertThat(topUp.grant().purpose()).isEqualTo(GrantPurpose.PAID);
		assertThat(topUp.grant().asset()).isEqualTo(TRIPLE);
		assertThat(topUp.conversion().converted()).isEqualByComparingTo(credited);
		BigDecimal residual = topUp.residualInBase();
		assertThat(residual).isEqualByComparingTo("0.000000000001");
		assertThat(topUp.conversion().residualInBase()).isEqualByComparingTo(residual);
		BigDecimal paidInBase = BigDecimal.ONE.multiply(TestCatalog.catalog().asset(USD).rateToBase());
		BigDecimal rate = TestCatalog.catalog().asset(TRIPLE).rateToBase();
		assertThat(paidInBase).isEqualByComparingTo(credited.multiply(rate).add(residual));
		assertThat(queryNumber("SELECT SUM(amount) FROM credyt_rounding")).isEqualByComparingTo(residual);
		assertAccount("alice", TRIPLE, "0.333333333333", "0", "0.333333333333");
		assertInvariants();
	}

	@Test
	void topUpWithTheSamePaymentReferenceCreditsOnce() {
		TopUp first = this.ledger.topUp("alice", TopUpRequest.of("pay-1", "1", USD, TRIPLE));
		RowCounts before = rowCounts();
		TopUp again = this.ledger.topUp("alice", TopUpRequest.of("pay-1", "1", USD, TRIPLE));
		assertThat(again.grant().id()).isEqualTo(first.grant().id());
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.grants("alice")).hasSize(1);
		assertAccount("alice", TRIPLE, "0.333333333333", "0", "0.333333333333");
		assertThat(queryNumber("SELECT SUM(amount) FROM credyt_rounding")).isEqualByComparingTo("0.000000000001");
		assertInvariants();
	}

	@Test
	void topUpInTheBaseCurrencyCreditsThePaidAmount() {
		TopUp topUp = this.ledger.topUp("alice", TopUpRequest.of("pay-1", "12.34", USD, USD));
		assertThat(topUp.grant().amount()).isEqualByComparingTo("12.34");
		assertThat(topUp.residualInBase()).isZero();
		assertUsd("alice", "12.34", "0", "12.34");
		List<LedgerEntry> entries = this.ledger.entries("alice", PageRequest.of(0, 10)).items();
		assertThat(entries).singleElement().satisfies((entry) -> {
			assertThat(entry.type()).isEqualTo(EntryType.GRANT);
			assertThat(entry.amount()).isEqualByComparingTo("12.34");
		});
		assertInvariants();
	}

	@Test
	void productPricedInACustomAssetIsChargedInThatAsset() {
		this.ledger.topUp("alice", TopUpRequest.of("pay-1", "1.00", USD, CREDITS));
		assertAccount("alice", CREDITS, "100", "0", "100");
		UsageRecord usage = this.ledger.record(UsageEvent.of("evt-1", "alice", RENDER, 3));
		assertThat(usage.asset()).isEqualTo(CREDITS);
		assertThat(usage.fee()).isEqualByComparingTo("15");
		assertAccount("alice", CREDITS, "85", "0", "85");
		assertThat(this.ledger.balance("alice").available(USD)).isZero();
		assertInvariants();
	}

}

package io.credyt.jdbc;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.InvalidRequestException;
import io.credyt.catalog.InvalidDimensionException;
import io.credyt.catalog.UnknownAssetException;
import io.credyt.catalog.UnknownProductException;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bad input gets a clear, typed error and nothing is written.
 */
abstract class BadInputBehaviourTests extends LedgerTestSupport {

	private static final BigDecimal[] BAD_QUANTITIES = { BigDecimal.ZERO, new BigDecimal("-1"), new BigDecimal("1e16"),
			new BigDecimal("0.0000000000001") };

	private static final BigDecimal[] BAD_COSTS = { new BigDecimal("-0.01"), new BigDecimal("1e20"),
			new BigDecimal("1e999999999"), new BigDecimal("0.0000000000001"), new BigDecimal("1e-999999999") };

	private RowCounts before;

	BadInputBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void fundAlice() {
		fund("alice", "10.00");
		this.before = rowCounts();
	}

	@Test
	void unknownProductIsRefused() {
		assertRefused(UnknownProductException.class, () -> this.ledger.record(UsageEvent.of("evt-1", "alice", "video", 1)));
		assertRefused(UnknownProductException.class,
				() -> this.ledger.authorize(AuthorizationRequest.of("alice", "video")));
		assertRefused(UnknownProductException.class,
				() -> this.ledger.entitle("alice", EntitlementRequest.once("video", 10)));
		assertRefused(UnknownProductException.class,
				() -> this.ledger.record(UsageEvent.of("evt-1", "newcomer", "video", 1)));
		assertThatExceptionOfType(UnknownProductException.class)
			.isThrownBy(() -> this.ledger.record(UsageEvent.of("evt-1", "alice", "video", 1)))
			.satisfies((ex) -> assertThat(ex.product()).isEqualTo("video"));
		assertInvariants();
	}

	@Test
	void unknownAssetIsRefused() {
		assertRefused(UnknownAssetException.class, () -> this.ledger.grant("alice", GrantRequest.paid("EUR", "5")));
		assertRefused(UnknownAssetException.class,
				() -> this.ledger.topUp("alice", TopUpRequest.of("pay-1", "5", USD, "EUR")));
		assertRefused(UnknownAssetException.class,
				() -> this.ledger.topUp("alice", TopUpRequest.of("pay-2", "5", "EUR", USD)));
		assertRefused(UnknownAssetException.class, () -> this.ledger.adjust("alice",
				AdjustmentRequest.of("EUR", "5", AdjustmentReason.GIFT, "ticket-1")));
		assertRefused(UnknownAssetException.class,
				() -> this.ledger.overdraftLimit("alice", "EUR", BigDecimal.ONE));
		assertRefused(UnknownAssetException.class, () -> this.ledger.grant("newcomer", GrantRequest.paid("EUR", "5")));
		assertThatExceptionOfType(UnknownAssetException.class)
			.isThrownBy(() -> this.ledger.grant("alice", GrantRequest.paid("EUR", "5")))
			.satisfies((ex) -> assertThat(ex.asset()).isEqualTo("EUR"));
		assertInvariants();
	}

	@Test
	void unknownDimensionNameOrValueIsRefused() {
		Map<String, String> unknownName = Map.of("size", "large");
		Map<String, String> unknownValue = Map.of("quality", "ultra");
		for (Map<String, String> dimensions : List.of(unknownName, unknownValue, Map.of("quality", " "))) {
			assertRefused(InvalidDimensionException.class,
					() -> this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1).dimensions(dimensions)));
			assertRefused(InvalidDimensionException.class,
					() -> this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).dimensions(dimensions)));
		}
		assertThatExceptionOfType(InvalidDimensionException.class)
			.isThrownBy(() -> this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1).dimensions(unknownValue)))
			.satisfies((ex) -> {
				assertThat(ex.product()).isEqualTo(IMAGE);
				assertThat(ex.dimension()).isEqualTo("quality");
				assertThat(ex.value()).isEqualTo("ultra");
			});
		assertInvariants();
	}

	@Test
	void zeroNegativeAbsurdOrTooPreciseQuantityIsRefused() {
		for (BigDecimal quantity : BAD_QUANTITIES) {
			assertQuantityRefused(() -> this.ledger
				.record(new UsageEvent("evt-1", "alice", IMAGE, quantity, Map.of(), null)));
			assertQuantityRefused(
					() -> this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE).quantity(quantity)));
		}
		assertQuantityRefused(() -> this.ledger.record(new UsageEvent("evt-1", "alice", IMAGE, null, Map.of(), null)));
		assertInvariants();
	}

	@Test
	void badCaptureQuantityIsRefusedAndTheHoldStaysActive() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.before = rowCounts();
		for (BigDecimal quantity : BAD_QUANTITIES) {
			assertQuantityRefused(() -> this.ledger.capture(hold.id(), Capture.of("evt-1").quantity(quantity)));
		}
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.ACTIVE);
		assertUsd("alice", "10.00", "0.25", "9.75");
		assertInvariants();
	}

	@Test
	void negativeAbsurdOrTooPreciseCostIsRefusedAndTheHoldStaysActive() {
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.before = rowCounts();
		for (BigDecimal cost : BAD_COSTS) {
			assertInvalid("cost", () -> this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 1).cost(cost)));
			assertInvalid("cost", () -> this.ledger.record(UsageEvent.of("evt-1", "newcomer", IMAGE, 1).cost(cost)));
			assertInvalid("cost", () -> this.ledger.capture(hold.id(), Capture.of("evt-1").cost(cost)));
		}
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.ledger
				.record(UsageEvent.of("evt-1", "alice", IMAGE, 1).cost(new BigDecimal("1e999999999"))))
			.satisfies((ex) -> assertThat(ex.getMessage()).as("an absurd input is not written out whole")
				.hasSizeLessThan(200));
		assertThat(this.ledger.findCustomer("newcomer")).isEmpty();
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.ACTIVE);
		assertUsd("alice", "10.00", "0.25", "9.75");
		assertInvariants();
	}

	@Test
	void nullOrBlankCustomerIdIsRefused() {
		for (String customer : new String[] { null, "", "   " }) {
			assertInvalid("customer", () -> this.ledger.customer(customer));
			assertInvalid("customer", () -> this.ledger.record(UsageEvent.of("evt-1", customer, IMAGE, 1)));
			assertInvalid("customer", () -> this.ledger.authorize(AuthorizationRequest.of(customer, IMAGE)));
			assertInvalid("customer", () -> this.ledger.grant(customer, GrantRequest.paid(USD, "5")));
			assertInvalid("customer",
					() -> this.ledger.topUp(customer, TopUpRequest.of("pay-1", "5", USD, USD)));
			assertInvalid("customer", () -> this.ledger.entitle(customer, EntitlementRequest.once(IMAGE, 1)));
			assertInvalid("customer", () -> this.ledger.adjust(customer,
					AdjustmentRequest.of(USD, "5", AdjustmentReason.GIFT, "ticket-1")));
		}
		assertInvariants();
	}

	@Test
	void nullOrBlankEventIdIsRefused() {
		for (String eventId : new String[] { null, "", "  " }) {
			assertRefused(InvalidRequestException.class,
					() -> this.ledger.record(UsageEvent.of(eventId, "alice", IMAGE, 1)));
		}
		Hold hold = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.before = rowCounts();
		assertRefused(InvalidRequestException.class, () -> this.ledger.capture(hold.id(), Capture.of(" ")));
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.ACTIVE);
		assertInvariants();
	}

	@Test
	void zeroNegativeOrTooPreciseAmountsAreRefused() {
		for (String amount : new String[] { "0", "-5", "0.0000000000001", "1e20" }) {
			assertRefused(InvalidRequestException.class, () -> this.ledger.grant("alice", GrantRequest.paid(USD, amount)));
			assertRefused(InvalidRequestException.class,
					() -> this.ledger.topUp("alice", TopUpRequest.of("pay-1", amount, USD, USD)));
		}
		assertRefused(InvalidRequestException.class,
				() -> this.ledger.adjust("alice", AdjustmentRequest.of(USD, "0", AdjustmentReason.GIFT, "ticket-1")));
		assertRefused(InvalidRequestException.class, () -> this.ledger.adjust("alice",
				AdjustmentRequest.of(USD, "1", AdjustmentReason.GIFT, " ")));
		assertRefused(InvalidRequestException.class,
				() -> this.ledger.topUp("alice", TopUpRequest.of(" ", "5", USD, USD)));
		assertRefused(InvalidRequestException.class,
				() -> this.ledger.overdraftLimit("alice", USD, new BigDecimal("-1")));
		assertInvariants();
	}

	private void assertQuantityRefused(ThrowingCallable call) {
		assertInvalid("quantity", call);
	}

	private void assertInvalid(String field, ThrowingCallable call) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo(field));
		assertThat(rowCounts()).isEqualTo(this.before);
	}

	private void assertRefused(Class<? extends Throwable> type, ThrowingCallable call) {
		assertThatExceptionOfType(type).isThrownBy(call);
		assertThat(rowCounts()).isEqualTo(this.before);
	}

}

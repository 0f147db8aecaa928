package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.InvalidRequestException;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.testing.Concurrently;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Payments and saved cards on the ledger's database: one row per payment however often and from
 * however many instances it is reported, a succeeded payment stays succeeded, lists newest
 * first, and bad input writes nothing.
 */
abstract class PaymentStoreBehaviourTests extends LedgerTestSupport {

	private JdbcPaymentStore store;

	PaymentStoreBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void createStore() {
		this.store = new JdbcPaymentStore(this.dataSource, this.clock);
	}

	@Test
	void startedPaymentIsPendingWithTheStoresTime() {
		this.store.started(payment("cs_1", "alice", PaymentStatus.PENDING, "10.00", null, null));

		PaymentRecord stored = this.store.find("cs_1").orElseThrow();
		assertThat(stored.customer()).isEqualTo("alice");
		assertThat(stored.kind()).isEqualTo(PaymentKind.CHECKOUT);
		assertThat(stored.provider()).isEqualTo("test");
		assertThat(stored.status()).isEqualTo(PaymentStatus.PENDING);
		assertThat(stored.amount()).isEqualByComparingTo("10.00");
		assertThat(stored.currency()).isEqualTo("USD");
		assertThat(stored.paymentReference()).isNull();
		assertThat(stored.failureReason()).isNull();
		assertThat(stored.createdAt()).isEqualTo(START);
		assertThat(stored.updatedAt()).isEqualTo(START);
	}

	@Test
	void startingTheSamePaymentFromManyInstancesAtOnceKeepsOneRow() {
		JdbcPaymentStore other = new JdbcPaymentStore(anotherPool(), this.clock);

		List<Concurrently.Outcome<Void>> outcomes = Concurrently.run(32, 64, (i) -> () -> {
			((i % 2 == 0) ? this.store : other).started(payment("cs_1", "alice", PaymentStatus.PENDING, "10", null, null));
			return null;
		});

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_payment")).isEqualTo(1);
		assertThat(this.store.find("cs_1").orElseThrow().status()).isEqualTo(PaymentStatus.PENDING);
	}

	@Test
	void startingAKnownPaymentAgainChangesNothing() {
		this.store.started(payment("cs_1", "alice", PaymentStatus.PENDING, "10", null, null));
		this.store.settled(payment("cs_1", "alice", PaymentStatus.SUCCEEDED, "10", "pi_1", null));
		this.clock.advance(Duration.ofMinutes(1));
		RowCounts before = rowCounts();

		this.store.started(payment("cs_1", "alice", PaymentStatus.PENDING, "10", null, null));

		assertThat(rowCounts()).isEqualTo(before);
		PaymentRecord stored = this.store.find("cs_1").orElseThrow();
		assertThat(stored.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(stored.updatedAt()).isEqualTo(START);
	}

	@Test
	void succeededPaymentKeepsItsReferenceAndTheTimeItChanged() {
		this.store.started(payment("cs_1", "alice", PaymentStatus.PENDING, "10", null, null));
		this.clock.advance(Duration.ofMinutes(3));

		PaymentRecord settled = this.store.settled(payment("cs_1", "alice", PaymentStatus.SUCCEEDED, "10", "pi_1", null));

		assertThat(settled.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(settled.paymentReference()).isEqualTo("pi_1");
		assertThat(settled.createdAt()).isEqualTo(START);
		assertThat(settled.updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(3)));
		assertThat(this.store.find("cs_1")).contains(settled);
	}

	@Test
	void aLaterFailureCannotUndoASucceededPayment() {
		this.store.started(payment("cs_1", "alice", PaymentStatus.PENDING, "10", null, null));
		PaymentRecord succeeded = this.store.settled(payment("cs_1", "alice", PaymentStatus.SUCCEEDED, "10", "pi_1", null));
		this.clock.advance(Duration.ofMinutes(1));
		RowCounts before = rowCounts();

		PaymentRecord after = this.store
			.settled(payment("cs_1", "alice", PaymentStatus.FAILED, "10", null, "Your card was declined."));

		assertThat(after).isEqualTo(succeeded);
		assertThat(after.failureReason()).isNull();
		assertThat(rowCounts()).isEqualTo(before);
	}

	@Test
	void aFailedPaymentMaySucceedLater() {
		this.store.started(payment("cs_1", "alice", PaymentStatus.PENDING, "10", null, null));
		PaymentRecord failed = this.store
			.settled(payment("cs_1", "alice", PaymentStatus.FAILED, "10", null, "Your card was declined."));
		assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(failed.failureReason()).isEqualTo("Your card was declined.");

		PaymentRecord succeeded = this.store.settled(payment("cs_1", "alice", PaymentStatus.SUCCEEDED, "10", "pi_2", null));

		assertThat(succeeded.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(succeeded.paymentReference()).isEqualTo("pi_2");
		assertThat(succeeded.failureReason()).isNull();
	}

	@Test
	void successAndFailureReportedAtOnceFromTwoInstancesEndSucceeded() {
		JdbcPaymentStore other = new JdbcPaymentStore(anotherPool(), this.clock);
		for (int round = 0; round < 10; round++) {
			String id = "cs_" + round;
			boolean started = round % 2 == 0;
			if (started) {
				this.store.started(payment(id, "alice", PaymentStatus.PENDING, "10", null, null));
			}

			List<Concurrently.Outcome<PaymentRecord>> outcomes = Concurrently.run(16, 16,
					(i) -> () -> (i % 2 == 0)
							? this.store.settled(payment(id, "alice", PaymentStatus.SUCCEEDED, "10", "pi_" + id, null))
							: other.settled(payment(id, "alice", PaymentStatus.FAILED, "10", null, "declined")));

			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
			PaymentRecord stored = this.store.find(id).orElseThrow();
			assertThat(stored.status()).as("round %d", round).isEqualTo(PaymentStatus.SUCCEEDED);
			assertThat(stored.paymentReference()).isEqualTo("pi_" + id);
		}
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_payment")).isEqualTo(10);
	}

	@Test
	void aPaymentSettledWithoutBeingStartedIsInserted() {
		PaymentRecord settled = this.store.settled(
				new PaymentRecord("pi_auto", "alice", PaymentKind.AUTO_TOP_UP, "stripe", PaymentStatus.SUCCEEDED,
						new BigDecimal("25"), "USD", "pi_9", null, Instant.EPOCH, Instant.EPOCH));

		assertThat(settled.kind()).isEqualTo(PaymentKind.AUTO_TOP_UP);
		assertThat(settled.provider()).isEqualTo("stripe");
		assertThat(settled.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(settled.amount()).isEqualByComparingTo("25");
		assertThat(settled.createdAt()).isEqualTo(START);
		assertThat(this.store.find("pi_auto")).contains(settled);
	}

	@Test
	void aPaymentOfAnotherCustomerIsRefusedAndLeftAlone() {
		this.store.started(payment("cs_1", "alice", PaymentStatus.PENDING, "10", null, null));
		RowCounts before = rowCounts();

		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.store.settled(payment("cs_1", "bob", PaymentStatus.SUCCEEDED, "10", "pi_1", null)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("id"));

		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.store.find("cs_1").orElseThrow().status()).isEqualTo(PaymentStatus.PENDING);
	}

	@Test
	void badPaymentsAreRefusedAndWriteNothing() {
		RowCounts before = rowCounts();

		assertRefused("id", () -> this.store.started(payment(" ", "alice", PaymentStatus.PENDING, "10", null, null)));
		assertRefused("id",
				() -> this.store.started(payment("x".repeat(256), "alice", PaymentStatus.PENDING, "10", null, null)));
		assertRefused("customer", () -> this.store.started(payment("cs_1", "", PaymentStatus.PENDING, "10", null, null)));
		assertRefused("amount", () -> this.store.started(payment("cs_1", "alice", PaymentStatus.PENDING, "0", null, null)));
		assertRefused("amount",
				() -> this.store.started(payment("cs_1", "alice", PaymentStatus.PENDING, "-5", null, null)));
		assertRefused("amount",
				() -> this.store.started(payment("cs_1", "alice", PaymentStatus.PENDING, "0.0000000000001", null, null)));
		assertRefused("status", () -> this.store.settled(payment("cs_1", "alice", PaymentStatus.PENDING, "10", null, null)));
		assertRefused("paymentReference",
				() -> this.store.settled(payment("cs_1", "alice", PaymentStatus.SUCCEEDED, "10", null, null)));
		assertRefused("payment", () -> this.store.started(null));
		assertRefused("customer", () -> this.store.paymentMethodSaved(" ", "pm_1"));
		assertRefused("paymentMethod", () -> this.store.paymentMethodSaved("alice", ""));
		assertRefused("customer", () -> this.store.payments(" ", PageRequest.of(0, 10)));
		assertRefused("id", () -> this.store.find(""));

		assertThat(rowCounts()).isEqualTo(before);
	}

	@Test
	void paymentsArePagedNewestFirstPerCustomerOrForEveryone() {
		for (int i = 1; i <= 5; i++) {
			this.store.started(payment("alice_" + i, "alice", PaymentStatus.PENDING, "10", null, null));
			this.clock.advance(Duration.ofSeconds(1));
			this.store.started(payment("bob_" + i, "bob", PaymentStatus.PENDING, "10", null, null));
			this.clock.advance(Duration.ofSeconds(1));
		}

		Page<PaymentRecord> first = this.store.payments("alice", PageRequest.of(0, 2));
		assertThat(first.total()).isEqualTo(5);
		assertThat(first.items()).extracting(PaymentRecord::id).containsExactly("alice_5", "alice_4");
		assertThat(this.store.payments("alice", PageRequest.of(2, 2)).items()).extracting(PaymentRecord::id)
			.containsExactly("alice_1");
		Page<PaymentRecord> everyone = this.store.payments(null, PageRequest.of(0, 3));
		assertThat(everyone.total()).isEqualTo(10);
		assertThat(everyone.items()).extracting(PaymentRecord::id).containsExactly("bob_5", "alice_5", "bob_4");
		assertThat(this.store.payments("carol", PageRequest.of(0, 3)).total()).isZero();
		assertThat(this.store.payments("carol", PageRequest.of(0, 3)).items()).isEmpty();
	}

	@Test
	void savingACardTwiceRemembersItOnceAndCardsAreListedNewestFirst() {
		JdbcPaymentStore other = new JdbcPaymentStore(anotherPool(), this.clock);
		this.store.paymentMethodSaved("alice", "pm_old");
		this.clock.advance(Duration.ofMinutes(1));

		List<Concurrently.Outcome<Void>> outcomes = Concurrently.run(16, 32, (i) -> () -> {
			((i % 2 == 0) ? this.store : other).paymentMethodSaved("alice", "pm_new");
			return null;
		});
		this.store.paymentMethodSaved("alice", "pm_old");

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(this.store.paymentMethods("alice")).containsExactly("pm_new", "pm_old");
		assertThat(this.store.paymentMethods("bob")).isEmpty();
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_payment_method")).isEqualTo(2);
	}

	private static void assertRefused(String field, Runnable call) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(call::run)
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo(field));
	}

	private static PaymentRecord payment(String id, String customer, PaymentStatus status, String amount,
			String reference, String failureReason) {
		return new PaymentRecord(id, customer, PaymentKind.CHECKOUT, "test", status, new BigDecimal(amount), "USD",
				reference, failureReason, Instant.EPOCH, Instant.EPOCH);
	}

}

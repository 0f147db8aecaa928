package io.credyt.annotation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;

import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.Concurrently;
import io.credyt.testing.Concurrently.Outcome;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads calling a {@code @Billable} method for one customer at once: the holds make sure
 * no more method bodies run than the wallet pays for, and retries of one call bill it once.
 */
abstract class BillableConcurrencyBehaviourTests extends BillableTestSupport {

	private static final int THREADS = 32;

	private static final int AFFORDABLE_CALLS = 10;

	BillableConcurrencyBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void concurrentCallsRunNoMoreMethodBodiesThanTheWalletPaysFor() {
		fund("alice", "2.50");
		ApplicationContext context = start(Billing.class, SlowImageService.class);
		SlowImageService images = context.getBean(SlowImageService.class);
		List<Outcome<String>> outcomes = Concurrently.run(THREADS, THREADS,
				(attempt) -> () -> images.generate("alice"));
		assertThat(outcomes.stream().filter(Outcome::succeeded)).hasSize(AFFORDABLE_CALLS);
		assertThat(outcomes.stream().filter((outcome) -> !outcome.succeeded()))
			.hasSize(THREADS - AFFORDABLE_CALLS)
			.allSatisfy((outcome) -> assertThat(outcome.error()).isInstanceOf(InsufficientBalanceException.class));
		assertThat(context.getBean(Invocations.class).count()).as("method bodies run").isEqualTo(AFFORDABLE_CALLS);
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_usage_event")).isEqualTo(AFFORDABLE_CALLS);
		assertThat(this.observer.recorded()).hasSize(AFFORDABLE_CALLS)
			.allSatisfy((usage) -> assertThat(usage.fee()).isEqualByComparingTo("0.25"));
		assertUsd("alice", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void concurrentRetriesWithTheSameKeyBillOnce() {
		fund("alice", "10.00");
		ApplicationContext context = start(Billing.class, SlowImageService.class);
		SlowImageService images = context.getBean(SlowImageService.class);
		List<Outcome<String>> outcomes = Concurrently.run(THREADS, THREADS,
				(attempt) -> () -> images.retryable("alice", "request-1"));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).as("a retry's outcome").isNull());
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_usage_event")).isEqualTo(1);
		assertThat(this.observer.recorded()).extracting(UsageRecord::id).containsOnly("request-1");
		List<HoldStatus> statuses = this.observer.authorized()
			.stream()
			.map(Hold::id)
			.map((id) -> this.ledger.hold(id).orElseThrow().status())
			.toList();
		assertThat(statuses).as("retries that race the first call take a hold; later ones take none")
			.hasSizeBetween(1, THREADS);
		assertThat(statuses.stream().filter((status) -> status == HoldStatus.CAPTURED)).hasSize(1);
		assertThat(statuses.stream().filter((status) -> status == HoldStatus.RELEASED)).hasSize(statuses.size() - 1);
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void concurrentCallsOfANewCustomerUseEachFreeImageOnce() {
		fund("carol", "0.50");
		ApplicationContext context = start(Billing.class, BillableSignupBehaviourTests.TenFreeImages.class,
				SlowImageService.class);
		SlowImageService images = context.getBean(SlowImageService.class);
		List<Outcome<String>> outcomes = Concurrently.run(THREADS, THREADS,
				(attempt) -> () -> images.generate("carol"));
		assertThat(outcomes.stream().filter((outcome) -> !outcome.succeeded()))
			.allSatisfy((outcome) -> assertThat(outcome.error()).isInstanceOf(InsufficientBalanceException.class));
		assertThat(outcomes.stream().filter(Outcome::succeeded)).as("10 free and 2 paid").hasSize(12);
		assertThat(context.getBean(Invocations.class).count()).isEqualTo(12);
		assertThat(this.observer.recorded().stream().filter((usage) -> usage.fee().signum() == 0)).hasSize(10);
		assertThat(this.ledger.balance("carol").entitlements()).hasSize(1);
		assertThat(this.ledger.balance("carol").entitled(IMAGE)).isZero();
		assertUsd("carol", "0", "0", "0");
		assertInvariants();
	}

	static class SlowImageService {

		private final Invocations invocations;

		SlowImageService(Invocations invocations) {
			this.invocations = invocations;
		}

		@Billable(product = IMAGE, customer = "#customer")
		public String generate(String customer) throws InterruptedException {
			this.invocations.called("generate", customer);
			Thread.sleep(20);
			return "image";
		}

		@Billable(product = IMAGE, customer = "#customer", idempotencyKey = "#requestId")
		public String retryable(String customer, String requestId) throws InterruptedException {
			this.invocations.called("retryable", customer);
			Thread.sleep(20);
			return "image " + requestId;
		}

	}

}

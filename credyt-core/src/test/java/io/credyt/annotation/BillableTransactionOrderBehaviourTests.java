package io.credyt.annotation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.credyt.ledger.HoldStatus;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Where billing sits against {@code @Transactional}: with the billing advisor ordered before
 * the transaction advisor, usage is captured only once the business transaction has committed,
 * and a transaction that fails to commit is not charged. The converse configuration shows the
 * order is what makes the difference.
 *
 * <p>
 * Whether the business row is committed is seen from the ledger's own observer, at the moment of
 * the capture, through a second connection pool: what another application instance would see.
 */
abstract class BillableTransactionOrderBehaviourTests extends BillableTestSupport {

	private final Map<String, Boolean> jobVisibleAtCapture = new ConcurrentHashMap<>();

	private final Map<String, Boolean> transactionActiveAtCapture = new ConcurrentHashMap<>();

	BillableTransactionOrderBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void createBusinessTableAndWatchCaptures() {
		new JdbcTemplate(this.dataSource).execute("CREATE TABLE image_job (id VARCHAR(64) PRIMARY KEY)");
		fund("alice", "10.00");
		JdbcTemplate otherInstance = new JdbcTemplate(anotherPool());
		this.observer.onRecorded((usage) -> {
			this.jobVisibleAtCapture.put(usage.id(), otherInstance
				.queryForObject("SELECT COUNT(*) FROM image_job WHERE id = ?", Long.class, usage.id()) == 1);
			this.transactionActiveAtCapture.put(usage.id(), TransactionSynchronizationManager.isActualTransactionActive());
		});
	}

	@Test
	void usageIsCapturedAfterTheBusinessTransactionCommits() {
		ApplicationContext context = start(Billing.class, JobService.class);
		context.getBean(JobService.class).generate("alice", "job-1");
		assertThat(this.jobVisibleAtCapture).as("job committed when its usage was captured")
			.containsExactly(Map.entry("job-1", true));
		assertThat(this.transactionActiveAtCapture).containsExactly(Map.entry("job-1", false));
		assertThat(jobs("job-1")).isEqualTo(1);
		assertThat(this.ledger.usage("job-1")).isPresent();
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void withTheTransactionOutsideBillingUsageIsCapturedBeforeTheCommit() {
		ApplicationContext context = start(BillingInsideTransactions.class, JobService.class);
		context.getBean(JobService.class).generate("alice", "job-1");
		assertThat(this.jobVisibleAtCapture).as("job committed when its usage was captured")
			.containsExactly(Map.entry("job-1", false));
		assertThat(this.transactionActiveAtCapture).containsExactly(Map.entry("job-1", true));
		assertThat(jobs("job-1")).as("committed afterwards").isEqualTo(1);
		assertThat(this.ledger.usage("job-1")).isPresent();
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void callWhoseTransactionFailsToCommitIsNotCharged() {
		ApplicationContext context = start(Billing.class, JobService.class);
		RuntimeException failure = new IllegalStateException("commit refused");
		Throwable thrown = catchThrowable(
				() -> context.getBean(JobService.class).generateButFailToCommit("alice", "job-1", failure));
		assertThat(thrown).isSameAs(failure);
		assertThat(context.getBean(Invocations.class).count()).isEqualTo(1);
		assertThat(jobs("job-1")).as("rolled back").isZero();
		assertThat(this.ledger.usage("job-1")).isEmpty();
		assertThat(this.observer.authorized()).singleElement()
			.satisfies((hold) -> assertThat(this.ledger.hold(hold.id()).orElseThrow().status())
				.isEqualTo(HoldStatus.RELEASED));
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void withTheTransactionOutsideBillingAFailedCommitIsStillCharged() {
		ApplicationContext context = start(BillingInsideTransactions.class, JobService.class);
		RuntimeException failure = new IllegalStateException("commit refused");
		Throwable thrown = catchThrowable(
				() -> context.getBean(JobService.class).generateButFailToCommit("alice", "job-1", failure));
		assertThat(thrown).isSameAs(failure);
		assertThat(jobs("job-1")).as("rolled back").isZero();
		assertThat(this.ledger.usage("job-1")).as("charged for work that was rolled back").isPresent();
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	private long jobs(String id) {
		return queryCount("SELECT COUNT(*) FROM image_job WHERE id = ?", id);
	}

	static class JobService {

		private final JdbcTemplate jdbc;

		private final Invocations invocations;

		JobService(DataSource dataSource, Invocations invocations) {
			this.jdbc = new JdbcTemplate(dataSource);
			this.invocations = invocations;
		}

		@Transactional
		@Billable(product = IMAGE, customer = "#customer", idempotencyKey = "#job")
		public void generate(String customer, String job) {
			this.invocations.called("generate", customer);
			this.jdbc.update("INSERT INTO image_job (id) VALUES (?)", job);
		}

		/** Saves the job, then has the commit fail (as a deferred constraint would). */
		@Transactional
		@Billable(product = IMAGE, customer = "#customer", idempotencyKey = "#job")
		public void generateButFailToCommit(String customer, String job, RuntimeException failure) {
			this.invocations.called("generateButFailToCommit", customer);
			this.jdbc.update("INSERT INTO image_job (id) VALUES (?)", job);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void beforeCommit(boolean readOnly) {
					throw failure;
				}

			});
		}

	}

}

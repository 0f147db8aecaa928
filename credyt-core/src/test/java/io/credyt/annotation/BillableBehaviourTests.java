package io.credyt.annotation;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;

import io.credyt.InvalidRequestException;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.IdempotencyConflictException;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Money;
import io.credyt.testing.FaultInjectingDataSource;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.HD;
import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.STANDARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What one {@code @Billable} call does to the ledger: authorize before the method, capture after
 * it returns (for the quantity it produced), release when it throws, decline before it runs.
 */
abstract class BillableBehaviourTests extends BillableTestSupport {

	private ImageService images;

	private Invocations invocations;

	BillableBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void startContext() {
		fund("alice", "10.00");
		ApplicationContext context = start(Billing.class, ImageService.class);
		this.images = context.getBean(ImageService.class);
		this.invocations = context.getBean(Invocations.class);
	}

	@Test
	void successfulCallIsAuthorizedThenCaptured() {
		assertThat(this.images.generate("alice", true)).isEqualTo("image for alice");
		assertThat(this.invocations.last().held()).as("held while the method ran").isEqualByComparingTo("0.40");
		Hold hold = singleHold();
		UsageRecord usage = singleUsage();
		assertThat(this.observer.sequence()).containsExactly("authorized " + hold.id(),
				"captured " + hold.id() + " as " + usage.id());
		assertThat(usage.customer()).isEqualTo("alice");
		assertThat(usage.product()).isEqualTo(IMAGE);
		assertThat(usage.quantity()).isEqualByComparingTo("1");
		assertThat(usage.dimensions()).isEqualTo(HD);
		assertThat(usage.fee()).isEqualByComparingTo("0.40");
		assertThat(usage.cost()).isEqualByComparingTo("0.20");
		assertThat(usage.holdId()).isEqualTo(hold.id());
		assertThat(this.ledger.usage(usage.id())).contains(usage);
		Hold captured = this.ledger.hold(hold.id()).orElseThrow();
		assertThat(captured.status()).isEqualTo(HoldStatus.CAPTURED);
		assertThat(captured.usageEventId()).isEqualTo(usage.id());
		assertUsd("alice", "9.60", "0", "9.60");
		assertThat(usageEvents()).isEqualTo(1);
		assertInvariants();
	}

	@Test
	void dimensionsArePricedFromTheArguments() {
		this.images.generate("alice", false);
		this.images.generate("alice", true);
		assertThat(this.observer.recorded()).extracting(UsageRecord::dimensions).containsExactly(STANDARD, HD);
		assertThat(this.observer.recorded()).extracting(UsageRecord::fee)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("0.25"), new BigDecimal("0.40"));
		assertUsd("alice", "9.35", "0", "9.35");
		assertInvariants();
	}

	@Test
	void dimensionThatGivesNullIsLeftOut() {
		this.images.withQuality("alice", null);
		UsageRecord usage = singleUsage();
		assertThat(usage.dimensions()).isEmpty();
		assertThat(usage.fee()).isEqualByComparingTo("0.25");
		assertInvariants();
	}

	@Test
	void placeholdersAreResolvedBeforeTheExpressionIsParsed() {
		this.images.configured("alice");
		UsageRecord usage = singleUsage();
		assertThat(usage.dimensions()).isEqualTo(HD);
		assertThat(usage.fee()).isEqualByComparingTo("0.40");
		assertInvariants();
	}

	@Test
	void holdIsReleasedWhenTheMethodThrows() {
		RuntimeException failure = new IllegalStateException("model overloaded");
		Throwable thrown = catchThrowable(() -> this.images.fail("alice", failure));
		assertThat(thrown).isSameAs(failure);
		assertThat(this.invocations.last().held()).as("held while the method ran").isEqualByComparingTo("0.25");
		Hold hold = singleHold();
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.RELEASED);
		assertThat(this.observer.sequence()).containsExactly("authorized " + hold.id(), "released " + hold.id());
		assertThat(usageEvents()).isZero();
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void holdIsReleasedWhenTheMethodThrowsACheckedException() {
		IOException failure = new IOException("disk full");
		Throwable thrown = catchThrowable(() -> this.images.failChecked("alice", failure));
		assertThat(thrown).isSameAs(failure);
		assertThat(this.ledger.hold(singleHold().id()).orElseThrow().status()).isEqualTo(HoldStatus.RELEASED);
		assertThat(usageEvents()).isZero();
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void insufficientBalanceDeclinesTheCallBeforeTheMethodRuns() {
		fund("bob", "0.10");
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.images.generate("bob", false))
			.satisfies((ex) -> {
				assertThat(ex.customer()).isEqualTo("bob");
				assertThat(ex.product()).isEqualTo(IMAGE);
				assertThat(ex.required()).isEqualByComparingTo("0.25");
				assertThat(ex.available()).isEqualByComparingTo("0.10");
			});
		assertThat(this.invocations.count()).as("method bodies run").isZero();
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("bob", "0.10", "0", "0.10");
		assertInvariants();
	}

	@Test
	void unknownCustomerIsDeclinedWithoutWritingAnything() {
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.images.generate("nobody", false));
		assertThat(this.invocations.count()).as("method bodies run").isZero();
		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.ledger.findCustomer("nobody")).isEmpty();
		assertInvariants();
	}

	@Test
	void quantityReadFromTheResultIsCapturedAfterAHoldForTheEstimate() {
		assertThat(this.images.batch("alice", 4, 3)).hasSize(3);
		assertThat(this.invocations.last().held()).as("held for the estimate").isEqualByComparingTo("1.00");
		assertThat(singleHold().quantity()).isEqualByComparingTo("4");
		UsageRecord usage = singleUsage();
		assertThat(usage.quantity()).isEqualByComparingTo("3");
		assertThat(usage.fee()).isEqualByComparingTo("0.75");
		assertUsd("alice", "9.25", "0", "9.25");
		assertInvariants();
	}

	@Test
	void resultLargerThanTheEstimateIsChargedInFullWhenTheWalletCoversIt() {
		assertThat(this.images.batch("alice", 1, 3)).hasSize(3);
		assertThat(this.invocations.last().held()).as("held for the estimate").isEqualByComparingTo("0.25");
		UsageRecord usage = singleUsage();
		assertThat(usage.quantity()).isEqualByComparingTo("3");
		assertThat(usage.fee()).isEqualByComparingTo("0.75");
		assertUsd("alice", "9.25", "0", "9.25");
		assertInvariants();
	}

	@Test
	void resultLargerThanTheWalletCoversCapturesTheAuthorizedQuantity() {
		fund("bob", "0.50");
		assertThat(this.images.batch("bob", 1, 4)).as("the work is returned all the same").hasSize(4);
		UsageRecord usage = singleUsage();
		assertThat(usage.quantity()).isEqualByComparingTo("1");
		assertThat(usage.fee()).isEqualByComparingTo("0.25");
		assertThat(this.ledger.hold(singleHold().id()).orElseThrow().status()).isEqualTo(HoldStatus.CAPTURED);
		assertUsd("bob", "0.25", "0", "0.25");
		assertInvariants();
	}

	@Test
	void quantityThatIsNotANumberFailsBeforeTheMethodRunsAndWritesNothing() {
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> this.images.many("alice", "lots"))
			.satisfies((ex) -> {
				assertThat(ex.field()).isEqualTo("quantity");
				assertThat(ex.getMessage()).contains("ImageService.many");
			});
		assertThat(this.invocations.count()).as("method bodies run").isZero();
		assertThat(rowCounts()).isEqualTo(before);
		assertInvariants();
	}

	@Test
	void negativeQuantityIsRefusedBeforeTheMethodRuns() {
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> this.images.many("alice", -2));
		assertThat(this.invocations.count()).as("method bodies run").isZero();
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void quantityTheLedgerCannotHoldIsRefusedBeforeTheMethodRunsAndWritesNothing() {
		RowCounts before = rowCounts();
		Object[] attacks = { "1e999999999", "1e2147483647", "1e-39999999", "-1e999999999", "1" + "0".repeat(100_000),
				new BigDecimal("1e999999999"), new BigDecimal("1e-999999999"), new BigDecimal("0.0000000000001"),
				new BigDecimal("1000000000000001"), Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
				java.math.BigInteger.TEN.pow(40) };
		for (Object attack : attacks) {
			assertThatExceptionOfType(InvalidRequestException.class).as("quantity %s", Money.echo(attack))
				.isThrownBy(() -> this.images.many("alice", attack))
				.satisfies((ex) -> {
					assertThat(ex.field()).isEqualTo("quantity");
					assertThat(ex.getMessage()).contains("ImageService.many").hasSizeLessThan(300);
				});
		}
		assertThat(this.invocations.count()).as("method bodies run").isZero();
		assertThat(rowCounts()).isEqualTo(before);
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void quantityGivenAsTextOrAnyNumberTypeIsBilled() {
		this.images.many("alice", "2");
		this.images.many("alice", 2L);
		this.images.many("alice", 0.5d);
		this.images.many("alice", new java.util.concurrent.atomic.AtomicLong(2));
		assertThat(this.observer.recorded()).extracting(UsageRecord::quantity)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("2"), new BigDecimal("2"), new BigDecimal("0.5"), new BigDecimal("2"));
		assertUsd("alice", "8.375", "0", "8.375");
		assertInvariants();
	}

	@Test
	void idempotencyKeyThatGivesNullOrBlankBillsEachCallAsANewUsage() {
		this.images.retryable("alice", null, "hd");
		this.images.retryable("alice", null, "hd");
		this.images.retryable("alice", " ", "hd");
		assertThat(this.invocations.count()).isEqualTo(3);
		assertThat(usageEvents()).as("each call its own usage event, with a new id").isEqualTo(3);
		assertThat(this.observer.recorded()).extracting(UsageRecord::id).doesNotHaveDuplicates()
			.allSatisfy((id) -> assertThat(id).isNotBlank());
		assertUsd("alice", "8.80", "0", "8.80");
		assertInvariants();
	}

	@Test
	void quantityThatCannotBeReadFromTheResultDoesNotLeaveTheHoldActive() {
		// Whether the call then fails or bills the estimate is a policy choice; either way the
		// hold must end now rather than reserve the funds until the sweeper expires it.
		Throwable thrown = catchThrowable(() -> this.images.batch("alice", 1, -1));
		if (thrown != null) {
			assertThat(thrown).isInstanceOf(InvalidRequestException.class).hasMessageContaining("ImageService.batch");
		}
		assertThat(this.invocations.count()).isEqualTo(1);
		assertThat(this.ledger.hold(singleHold().id()).orElseThrow().status())
			.as("a hold the call is done with; left active it reserves the funds until it expires")
			.isNotEqualTo(HoldStatus.ACTIVE);
		assertThat(usd("alice").held()).isZero();
		assertInvariants();
	}

	@Test
	void callsWithTheSameIdempotencyKeyBillOnce() {
		String key = UUID.randomUUID().toString();
		assertThat(this.images.retryable("alice", key, "hd")).isEqualTo("image " + key);
		assertThat(this.images.retryable("alice", key, "hd")).isEqualTo("image " + key);
		assertThat(this.invocations.count()).as("a retried call runs again; it is billed once").isEqualTo(2);
		assertThat(usageEvents()).isEqualTo(1);
		UsageRecord usage = this.ledger.usage(key).orElseThrow();
		assertThat(usage.fee()).isEqualByComparingTo("0.40");
		List<Hold> holds = this.observer.authorized();
		assertThat(holds).as("a retry of a billed call takes no hold").hasSize(1);
		assertThat(this.ledger.hold(holds.get(0).id()).orElseThrow().status()).isEqualTo(HoldStatus.CAPTURED);
		assertUsd("alice", "9.60", "0", "9.60");
		this.images.retryable("alice", "another-" + key, "hd");
		assertThat(usageEvents()).isEqualTo(2);
		assertUsd("alice", "9.20", "0", "9.20");
		assertInvariants();
	}

	@Test
	void retryOfABilledCallIsNotDeclinedWhenTheWalletIsEmptyByNow() {
		String key = UUID.randomUUID().toString();
		this.images.retryable("alice", key, "hd");
		this.ledger.adjust("alice", AdjustmentRequest.of(TestCatalog.USD, "-9.60", AdjustmentReason.CORRECTION, "test"));
		assertThat(this.images.retryable("alice", key, "hd")).isEqualTo("image " + key);
		assertThat(this.invocations.count()).isEqualTo(2);
		assertThat(usageEvents()).isEqualTo(1);
		assertUsd("alice", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void replayWithTheSameKeyButAnotherPayloadFailsAndIsNotCharged() {
		String key = UUID.randomUUID().toString();
		this.images.retryable("alice", key, "hd");
		assertThatExceptionOfType(IdempotencyConflictException.class)
			.isThrownBy(() -> this.images.retryable("alice", key, "standard"));
		assertThat(this.invocations.count()).as("a conflicting replay does not run").isEqualTo(1);
		assertThat(usageEvents()).isEqualTo(1);
		assertThat(this.ledger.usage(key).orElseThrow().dimensions()).isEqualTo(HD);
		assertThat(this.observer.authorized()).as("a conflicting replay takes no hold").hasSize(1);
		assertUsd("alice", "9.60", "0", "9.60");
		assertInvariants();
	}

	@Test
	void futureIsCapturedWhenItCompletes() throws Exception {
		CompletableFuture<String> work = new CompletableFuture<>();
		CompletableFuture<String> returned = this.images.later("alice", work);
		Hold hold = singleHold();
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).as("while the work runs")
			.isEqualTo(HoldStatus.ACTIVE);
		assertThat(usageEvents()).isZero();
		assertUsd("alice", "10.00", "0.25", "9.75");
		CompletableFuture.runAsync(() -> work.complete("image"));
		assertThat(returned.get(30, TimeUnit.SECONDS)).isEqualTo("image");
		UsageRecord usage = singleUsage();
		assertThat(usage.holdId()).isEqualTo(hold.id());
		assertThat(usage.fee()).isEqualByComparingTo("0.25");
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.CAPTURED);
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void futureIsReleasedWhenItCompletesExceptionally() {
		CompletableFuture<String> work = new CompletableFuture<>();
		CompletableFuture<String> returned = this.images.later("alice", work);
		RuntimeException failure = new IllegalStateException("model overloaded");
		CompletableFuture.runAsync(() -> work.completeExceptionally(failure));
		assertThatExceptionOfType(CompletionException.class).isThrownBy(returned::join)
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
		assertThat(this.ledger.hold(singleHold().id()).orElseThrow().status()).isEqualTo(HoldStatus.RELEASED);
		assertThat(usageEvents()).isZero();
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void quantityOfAFutureIsReadFromItsValue() {
		CompletableFuture<List<String>> work = new CompletableFuture<>();
		CompletableFuture<List<String>> returned = this.images.batchLater("alice", 1, work);
		assertUsd("alice", "10.00", "0.25", "9.75");
		work.complete(List.of("one", "two"));
		assertThat(returned.join()).hasSize(2);
		UsageRecord usage = singleUsage();
		assertThat(usage.quantity()).isEqualByComparingTo("2");
		assertThat(usage.fee()).isEqualByComparingTo("0.50");
		assertUsd("alice", "9.50", "0", "9.50");
		assertInvariants();
	}

	@Test
	void costTheResultGivesIsRecordedAsTheCallsVendorCost() {
		assertThat(this.images.priced("alice", new BigDecimal("0.0123")).image()).isEqualTo("image");
		UsageRecord usage = singleUsage();
		assertThat(usage.cost()).isEqualByComparingTo("0.0123");
		assertThat(usage.fee()).as("the cost never changes the fee").isEqualByComparingTo("0.25");
		assertThat(this.ledger.usage(usage.id()).orElseThrow().cost()).isEqualByComparingTo("0.0123");
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void costGivenAsTextOrAWholeNumberIsExact() {
		this.images.priced("alice", "0.000000000001");
		this.images.priced("alice", 0);
		this.images.priced("alice", 2L);
		this.images.priced("alice", java.math.BigInteger.ONE);
		this.images.priced("alice", new java.util.concurrent.atomic.AtomicLong(3));
		assertThat(this.observer.recorded()).extracting(UsageRecord::cost)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("0.000000000001"), BigDecimal.ZERO, new BigDecimal("2"), BigDecimal.ONE,
					new BigDecimal("3"));
		assertInvariants();
	}

	@Test
	void costThatGivesNullIsTheConfiguredVendorCost() {
		this.images.priced("alice", null);
		assertThat(singleUsage().cost()).isEqualByComparingTo("0.20");
		assertInvariants();
	}

	@Test
	void unfitCostStillChargesTheCallOnceWithTheConfiguredVendorCost() {
		Object[] unfit = { "-0.01", new BigDecimal("-1"), 0.05d, 0.5f, Double.NaN, Double.POSITIVE_INFINITY, "1e3",
				"1e999999999", new BigDecimal("1e999999999"), new BigDecimal("0.0000000000001"), "lots", " ",
				Boolean.TRUE, java.math.BigInteger.TEN.pow(40) };
		for (Object cost : unfit) {
			assertThat(this.images.priced("alice", cost)).as("the work is returned").isNotNull();
		}
		assertThat(this.images.costFails("alice")).isEqualTo("image");
		assertThat(this.observer.recorded()).as("each call charged once").hasSize(unfit.length + 1)
			.allSatisfy((usage) -> {
				assertThat(usage.cost()).isEqualByComparingTo("0.20");
				assertThat(usage.fee()).isEqualByComparingTo("0.25");
			});
		assertThat(usageEvents()).isEqualTo(unfit.length + 1);
		assertThat(this.observer.authorized())
			.allSatisfy((hold) -> assertThat(this.ledger.hold(hold.id()).orElseThrow().status())
				.isEqualTo(HoldStatus.CAPTURED));
		assertUsd("alice", "6.25", "0", "6.25");
		assertInvariants();
	}

	@Test
	void costOfAFutureIsReadFromItsValue() {
		CompletableFuture<Rendered> work = new CompletableFuture<>();
		CompletableFuture<Rendered> returned = this.images.pricedLater("alice", work);
		work.complete(new Rendered("image", new BigDecimal("0.07")));
		assertThat(returned.join().image()).isEqualTo("image");
		assertThat(singleUsage().cost()).isEqualByComparingTo("0.07");
		assertInvariants();
	}

	@Test
	void costIsKeptWhenAResultLargerThanTheWalletCoversCapturesTheAuthorizedQuantity() {
		fund("bob", "0.50");
		this.images.pricedBatch("bob", 1, 4, new BigDecimal("0.44"));
		UsageRecord usage = singleUsage();
		assertThat(usage.quantity()).isEqualByComparingTo("1");
		assertThat(usage.cost()).as("what the work cost, whatever the customer could pay")
			.isEqualByComparingTo("0.44");
		assertInvariants();
	}

	@Test
	void aCaptureWhoseCommitFailsIsRaisedAsUsageNotRecordedAndChargesNothing() {
		FaultInjectingDataSource faulty = FaultInjectingDataSource.wrap(this.dataSource);
		this.ledger = newLedger(faulty.dataSource());
		ImageService images = start(Billing.class, ImageService.class).getBean(ImageService.class);
		faulty.failCommitsAfter("into credyt_usage_event");

		Throwable failure = catchThrowable(() -> images.generate("alice", true));

		faulty.disarm();
		assertThat(failure).isInstanceOf(UsageNotRecordedException.class)
			.hasRootCauseInstanceOf(EOFException.class);
		UsageNotRecordedException notRecorded = (UsageNotRecordedException) failure;
		Hold hold = singleHold();
		assertThat(notRecorded.customer()).isEqualTo("alice");
		assertThat(notRecorded.product()).isEqualTo(IMAGE);
		assertThat(notRecorded.holdId()).isEqualTo(hold.id());
		assertThat(messages(failure)).contains("Injected fault: An I/O error occurred while sending to the backend");
		assertThat(faulty.failures()).isPositive();
		assertThat(usageEvents()).isZero();
		assertThat(this.ledger.hold(hold.id()).orElseThrow().status()).as("left for the sweeper")
			.isEqualTo(HoldStatus.ACTIVE);
		assertUsd("alice", "10.00", "0.40", "9.60");
		assertInvariants();
	}

	private Hold singleHold() {
		assertThat(this.observer.authorized()).as("holds placed").hasSize(1);
		return this.observer.authorized().get(0);
	}

	private UsageRecord singleUsage() {
		assertThat(this.observer.recorded()).as("usage recorded").hasSize(1);
		return this.observer.recorded().get(0);
	}

	private long usageEvents() {
		return queryCount("SELECT COUNT(*) FROM credyt_usage_event");
	}

	/**
	 * What an image API returns: the image and what the vendor billed for it.
	 * @param image the image
	 * @param costUsd the vendor's bill, of whatever type a test needs
	 */
	public record Rendered(String image, Object costUsd) {
	}

	static class ImageService {

		private final Invocations invocations;

		ImageService(Invocations invocations) {
			this.invocations = invocations;
		}

		@Billable(product = IMAGE, customer = "#customer", dimensions = "quality=#hd ? 'hd' : 'standard'")
		public String generate(String customer, boolean hd) {
			this.invocations.called("generate", customer);
			return "image for " + customer;
		}

		@Billable(product = IMAGE, customer = "#customer", dimensions = "quality=#quality")
		public String withQuality(String customer, String quality) {
			this.invocations.called("withQuality", customer);
			return "image";
		}

		@Billable(product = IMAGE, customer = "#customer", dimensions = "quality='${images.quality:hd}'")
		public String configured(String customer) {
			this.invocations.called("configured", customer);
			return "image";
		}

		@Billable(product = IMAGE, customer = "#customer")
		public String fail(String customer, RuntimeException failure) {
			this.invocations.called("fail", customer);
			throw failure;
		}

		@Billable(product = IMAGE, customer = "#customer")
		public String failChecked(String customer, IOException failure) throws IOException {
			this.invocations.called("failChecked", customer);
			throw failure;
		}

		/** Produces {@code produced} images ({@code null} when negative) after estimating. */
		@Billable(product = IMAGE, customer = "#customer", quantity = "#result.size()", estimate = "#estimate")
		public List<String> batch(String customer, int estimate, int produced) {
			this.invocations.called("batch", customer);
			if (produced < 0) {
				return null;
			}
			List<String> images = new ArrayList<>();
			for (int i = 0; i < produced; i++) {
				images.add("image " + i);
			}
			return images;
		}

		@Billable(product = IMAGE, customer = "#customer", quantity = "#quantity")
		public String many(String customer, Object quantity) {
			this.invocations.called("many", customer);
			return "images";
		}

		@Billable(product = IMAGE, customer = "#customer", idempotencyKey = "#requestId",
				dimensions = "quality=#quality")
		public String retryable(String customer, String requestId, String quality) {
			this.invocations.called("retryable", customer);
			return "image " + requestId;
		}

		@Billable(product = IMAGE, customer = "#customer", cost = "#result.costUsd()")
		public Rendered priced(String customer, Object cost) {
			this.invocations.called("priced", customer);
			return new Rendered("image", cost);
		}

		@Billable(product = IMAGE, customer = "#customer", cost = "#result.costUsd()")
		public String costFails(String customer) {
			this.invocations.called("costFails", customer);
			return "image";
		}

		@Billable(product = IMAGE, customer = "#customer", cost = "#result.costUsd()")
		public CompletableFuture<Rendered> pricedLater(String customer, CompletableFuture<Rendered> work) {
			this.invocations.called("pricedLater", customer);
			return work;
		}

		@Billable(product = IMAGE, customer = "#customer", quantity = "#result.size()", estimate = "#estimate",
				cost = "#cost")
		public List<String> pricedBatch(String customer, int estimate, int produced, BigDecimal cost) {
			this.invocations.called("pricedBatch", customer);
			return batch(customer, estimate, produced);
		}

		@Billable(product = IMAGE, customer = "#customer")
		public CompletableFuture<String> later(String customer, CompletableFuture<String> work) {
			this.invocations.called("later", customer);
			return work;
		}

		@Billable(product = IMAGE, customer = "#customer", quantity = "#result.size()", estimate = "#estimate")
		public CompletableFuture<List<String>> batchLater(String customer, int estimate,
				CompletableFuture<List<String>> work) {
			this.invocations.called("batchLater", customer);
			return work;
		}

	}

}

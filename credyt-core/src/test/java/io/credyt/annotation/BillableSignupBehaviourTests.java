package io.credyt.annotation;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.credyt.InvalidRequestException;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.SignupAllowances;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With {@link SignupAllowances} as the {@link io.credyt.ledger.Onboarding} bean, a customer's
 * first {@code @Billable} call onboards them: ten free images, used before any money, once per
 * customer however many application instances there are.
 */
abstract class BillableSignupBehaviourTests extends BillableTestSupport {

	private static final int FREE_IMAGES = 10;

	private ApplicationContext context;

	private ImageService images;

	private Invocations invocations;

	BillableSignupBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void startContext() {
		this.context = start(Billing.class, TenFreeImages.class, ImageService.class);
		this.images = this.context.getBean(ImageService.class);
		this.invocations = this.context.getBean(Invocations.class);
	}

	@Test
	void firstTenCallsOfANewCustomerCostNothing() {
		for (int i = 0; i < FREE_IMAGES; i++) {
			this.images.generate("carol");
		}
		assertThat(this.invocations.count()).isEqualTo(FREE_IMAGES);
		assertThat(this.observer.recorded()).hasSize(FREE_IMAGES).allSatisfy((usage) -> {
			assertThat(usage.fee()).isZero();
			assertThat(usage.entitledUnits()).isEqualByComparingTo("1");
		});
		assertThat(this.ledger.balance("carol").entitled(IMAGE)).isZero();
		assertUsd("carol", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void eleventhCallIsChargedWhenTheWalletCoversIt() {
		useTheFreeImages("carol");
		fund("carol", "0.25");
		this.images.generate("carol");
		assertThat(this.invocations.count()).isEqualTo(FREE_IMAGES + 1);
		UsageRecord eleventh = this.observer.recorded().get(FREE_IMAGES);
		assertThat(eleventh.entitledUnits()).isZero();
		assertThat(eleventh.fee()).isEqualByComparingTo("0.25");
		assertUsd("carol", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void eleventhCallIsDeclinedWhenTheWalletCannotCoverIt() {
		useTheFreeImages("dave");
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class).isThrownBy(() -> this.images.generate("dave"))
			.satisfies((ex) -> assertThat(ex.required()).isEqualByComparingTo("0.25"));
		assertThat(this.invocations.count()).as("method bodies run").isEqualTo(FREE_IMAGES);
		assertThat(rowCounts()).isEqualTo(before);
		assertInvariants();
	}

	@Test
	void freeImageIsGivenBackWhenTheMethodThrows() {
		RuntimeException failure = new IllegalStateException("model overloaded");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.images.fail("erin", failure))
			.isSameAs(failure);
		assertThat(this.ledger.hold(this.observer.authorized().get(0).id()).orElseThrow().status())
			.isEqualTo(HoldStatus.RELEASED);
		assertThat(this.ledger.balance("erin").entitled(IMAGE)).isEqualByComparingTo("10");
		assertThat(this.observer.recorded()).isEmpty();
		assertInvariants();
	}

	@Test
	void allowanceIsGivenOncePerCustomerAcrossInstances() {
		useTheFreeImages("carol");
		ApplicationContext otherInstance = start(Billing.class, TenFreeImages.class, ImageService.class);
		ImageService otherImages = otherInstance.getBean(ImageService.class);
		assertThatExceptionOfType(InsufficientBalanceException.class).isThrownBy(() -> otherImages.generate("carol"));
		assertThat(this.ledger.balance("carol").entitlements()).hasSize(1);
		otherImages.generate("frank");
		assertThat(this.observer.recorded()).last().satisfies((usage) -> {
			assertThat(usage.customer()).isEqualTo("frank");
			assertThat(usage.fee()).isZero();
		});
		assertInvariants();
	}

	@Test
	void callWithBadInputDoesNotOnboardTheCustomer() {
		RowCounts before = rowCounts();
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> this.images.many("grace", "lots"));
		assertThat(this.invocations.count()).as("method bodies run").isZero();
		assertThat(rowCounts()).as("nothing written for a refused call").isEqualTo(before);
		assertInvariants();
	}

	private void useTheFreeImages(String customer) {
		for (int i = 0; i < FREE_IMAGES; i++) {
			this.images.generate(customer);
		}
		assertThat(this.ledger.balance(customer).entitled(IMAGE)).isZero();
	}

	@Configuration(proxyBeanMethods = false)
	static class TenFreeImages {

		@Bean
		SignupAllowances onboarding(Ledger ledger) {
			return new SignupAllowances(ledger, List.of(EntitlementRequest.once(IMAGE, FREE_IMAGES)));
		}

	}

	static class ImageService {

		private final Invocations invocations;

		ImageService(Invocations invocations) {
			this.invocations = invocations;
		}

		@Billable(product = IMAGE, customer = "#customer")
		public String generate(String customer) {
			this.invocations.called("generate", customer);
			return "image";
		}

		@Billable(product = IMAGE, customer = "#customer")
		public String fail(String customer, RuntimeException failure) {
			this.invocations.called("fail", customer);
			throw failure;
		}

		@Billable(product = IMAGE, customer = "#customer", quantity = "#quantity")
		public String many(String customer, Object quantity) {
			this.invocations.called("many", customer);
			return "images";
		}

	}

}

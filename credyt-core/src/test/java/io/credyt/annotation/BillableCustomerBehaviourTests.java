package io.credyt.annotation;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import io.credyt.ledger.UsageRecord;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Who pays for a {@code @Billable} call: the customer expression (an argument by name or
 * position, a property of one, a bean) or, when the annotation names none, the
 * {@link CustomerResolver}. No customer: the call fails before the method runs, writing nothing.
 */
abstract class BillableCustomerBehaviourTests extends BillableTestSupport {

	private CustomerService service;

	private Tenant tenant;

	private SignedInUser signedIn;

	private Invocations invocations;

	BillableCustomerBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void startContext() {
		fund("alice", "10.00");
		fund("bob", "10.00");
		fund("42", "10.00");
		ApplicationContext context = start(Billing.class, Tenant.class, SignedInUser.class, CustomerService.class);
		this.service = context.getBean(CustomerService.class);
		this.tenant = context.getBean(Tenant.class);
		this.signedIn = context.getBean(SignedInUser.class);
		this.invocations = context.getBean(Invocations.class);
		this.signedIn.current = "mallory";
	}

	@Test
	void customerComesFromAnArgumentByName() {
		this.service.byName("alice", "a cat");
		assertBilled("alice");
		assertInvariants();
	}

	@Test
	void customerComesFromAnArgumentByPosition() {
		this.service.byPosition("bob", "a cat");
		assertBilled("bob");
		assertInvariants();
	}

	@Test
	void customerComesFromAPropertyOfAnArgument() {
		this.service.byRequest(new ImageRequest("alice", "a cat"));
		assertBilled("alice");
		assertInvariants();
	}

	@Test
	void customerComesFromABean() {
		this.tenant.id = "bob";
		this.service.byBean("a cat");
		assertBilled("bob");
		assertInvariants();
	}

	@Test
	void customerThatIsNotTextIsBilledByItsTextForm() {
		this.service.byAccountNumber(42L);
		assertBilled("42");
		assertInvariants();
	}

	@Test
	void customerComesFromTheResolverWhenTheAnnotationNamesNone() {
		this.signedIn.current = "alice";
		this.service.bySignedInUser("a cat");
		assertBilled("alice");
		this.signedIn.current = "bob";
		this.service.bySignedInUser("a dog");
		assertThat(this.observer.recorded()).extracting(UsageRecord::customer).containsExactly("alice", "bob");
		assertInvariants();
	}

	@Test
	void customerNamedByTheAnnotationWinsOverTheResolver() {
		fund("mallory", "10.00");
		this.service.byName("alice", "a cat");
		assertBilled("alice");
		assertUsd("mallory", "10.00", "0", "10.00");
		assertInvariants();
	}

	@Test
	void customerExpressionThatGivesNullFailsBeforeTheMethodRuns() {
		RowCounts before = rowCounts();
		assertThatExceptionOfType(CustomerRequiredException.class).isThrownBy(() -> this.service.byName(null, "a cat"))
			.satisfies((ex) -> assertThat(ex.method()).isEqualTo("CustomerService.byName"));
		assertNothingHappened(before);
	}

	@Test
	void customerBeanThatGivesNullFailsBeforeTheMethodRuns() {
		RowCounts before = rowCounts();
		this.tenant.id = null;
		assertThatExceptionOfType(CustomerRequiredException.class).isThrownBy(() -> this.service.byBean("a cat"))
			.satisfies((ex) -> assertThat(ex.method()).isEqualTo("CustomerService.byBean"));
		assertNothingHappened(before);
	}

	@Test
	void blankCustomerFailsBeforeTheMethodRuns() {
		RowCounts before = rowCounts();
		assertThatExceptionOfType(CustomerRequiredException.class).isThrownBy(() -> this.service.byName("  ", "a cat"));
		assertNothingHappened(before);
	}

	@Test
	void resolverWithNoCurrentCustomerFailsTheCallBeforeTheMethodRuns() {
		RowCounts before = rowCounts();
		this.signedIn.current = null;
		assertThatExceptionOfType(CustomerRequiredException.class)
			.isThrownBy(() -> this.service.bySignedInUser("a cat"))
			.satisfies((ex) -> assertThat(ex.method()).isEqualTo("CustomerService.bySignedInUser"));
		assertNothingHappened(before);
	}

	private void assertBilled(String customer) {
		assertThat(this.invocations.last().customer()).isEqualTo(customer);
		assertThat(this.invocations.last().held()).as("held while the method ran").isEqualByComparingTo("0.25");
		assertThat(this.observer.recorded()).last().satisfies((usage) -> {
			assertThat(usage.customer()).isEqualTo(customer);
			assertThat(usage.fee()).isEqualByComparingTo("0.25");
		});
		assertUsd(customer, "9.75", "0", "9.75");
	}

	private void assertNothingHappened(RowCounts before) {
		assertThat(this.invocations.count()).as("method bodies run").isZero();
		assertThat(this.observer.sequence()).as("ledger calls").isEmpty();
		assertThat(rowCounts()).isEqualTo(before);
		assertInvariants();
	}

	record ImageRequest(String owner, String prompt) {
	}

	/** The tenant the current request is for, as a bean SpEL can name. */
	@Component("tenant")
	static class Tenant {

		volatile @Nullable String id;

		public @Nullable String id() {
			return this.id;
		}

	}

	static class SignedInUser implements CustomerResolver {

		volatile @Nullable String current;

		@Override
		public @Nullable String currentCustomer() {
			return this.current;
		}

	}

	static class CustomerService {

		private final Invocations invocations;

		private final Tenant tenant;

		private final CustomerResolver signedIn;

		CustomerService(Invocations invocations, Tenant tenant, CustomerResolver signedIn) {
			this.invocations = invocations;
			this.tenant = tenant;
			this.signedIn = signedIn;
		}

		@Billable(product = IMAGE, customer = "#userId")
		public String byName(String userId, String prompt) {
			this.invocations.called("byName", userId);
			return prompt;
		}

		@Billable(product = IMAGE, customer = "#p0")
		public String byPosition(String userId, String prompt) {
			this.invocations.called("byPosition", userId);
			return prompt;
		}

		@Billable(product = IMAGE, customer = "#request.owner()")
		public String byRequest(ImageRequest request) {
			this.invocations.called("byRequest", request.owner());
			return request.prompt();
		}

		@Billable(product = IMAGE, customer = "@tenant.id()")
		public String byBean(String prompt) {
			this.invocations.called("byBean", this.tenant.id());
			return prompt;
		}

		@Billable(product = IMAGE, customer = "#accountNumber")
		public String byAccountNumber(long accountNumber) {
			this.invocations.called("byAccountNumber", String.valueOf(accountNumber));
			return "image";
		}

		@Billable(product = IMAGE)
		public String bySignedInUser(String prompt) {
			this.invocations.called("bySignedInUser", this.signedIn.currentCustomer());
			return prompt;
		}

	}

}

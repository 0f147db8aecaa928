package io.credyt.annotation;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Annotation mistakes that can be found at start-up fail the context's refresh, before any call,
 * with a message that names the method as {@code Class.method}; nothing is written.
 */
abstract class BillableStartupBehaviourTests extends BillableTestSupport {

	private RowCounts before;

	BillableStartupBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void countRows() {
		fund("alice", "10.00");
		this.before = rowCounts();
	}

	@Test
	void unknownProductFailsTheStartUp() {
		assertStartUpFails(UnknownProduct.class, "UnknownProduct.generate", "video");
	}

	@Test
	void unknownDimensionFailsTheStartUp() {
		assertStartUpFails(UnknownDimension.class, "UnknownDimension.generate", "resolution");
	}

	@Test
	void dimensionWithoutANameFailsTheStartUp() {
		assertStartUpFails(DimensionWithoutName.class, "DimensionWithoutName.generate", "name=expression");
	}

	@Test
	void customerExpressionThatDoesNotParseFailsTheStartUp() {
		assertStartUpFails(UnparsableCustomer.class, "UnparsableCustomer.generate", "not valid SpEL");
	}

	@Test
	void quantityExpressionThatDoesNotParseFailsTheStartUp() {
		assertStartUpFails(UnparsableQuantity.class, "UnparsableQuantity.generate", "not valid SpEL");
	}

	@Test
	void dimensionExpressionThatDoesNotParseFailsTheStartUp() {
		assertStartUpFails(UnparsableDimension.class, "UnparsableDimension.generate", "not valid SpEL");
	}

	@Test
	void costExpressionThatDoesNotParseFailsTheStartUp() {
		assertStartUpFails(UnparsableCost.class, "UnparsableCost.generate", "cost '#result.costUsd(' is not valid SpEL");
	}

	@Test
	void costWithADecimalLiteralFailsTheStartUp() {
		assertStartUpFails(DecimalLiteralCost.class, "DecimalLiteralCost.generate", "decimal literal");
	}

	@Test
	void costWithTextOrWholeNumberLiteralsStarts() {
		start(Billing.class, LiteralCosts.class);
		assertThat(rowCounts()).isEqualTo(this.before);
		assertInvariants();
	}

	@Test
	void missingCustomerWithoutACustomerResolverFailsTheStartUp() {
		assertStartUpFails(NoCustomer.class, "NoCustomer.generate", "CustomerResolver");
	}

	@Test
	void missingCustomerWithACustomerResolverStarts() {
		start(Billing.class, NoCustomer.class, Resolver.class);
		assertThat(rowCounts()).isEqualTo(this.before);
		assertInvariants();
	}

	@Test
	void estimateThatReadsTheResultFailsTheStartUp() {
		assertStartUpFails(EstimateFromResult.class, "EstimateFromResult.generate", "#result");
	}

	@Test
	void mistakeOnAnInterfaceMethodOfAJdkProxiedBeanNamesTheImplementation() {
		assertStartUpFails(BrokenGeneratorImpl.class, "BrokenGeneratorImpl.generate", "video");
	}

	@Test
	void mistakeOnAnInterfaceMethodOfAClassProxiedBeanNamesTheImplementation() {
		Throwable failure = failToStart(ClassProxyBilling.class, BrokenGeneratorImpl.class);
		assertThat(messages(failure)).contains("BrokenGeneratorImpl.generate").contains("video");
		assertThat(rowCounts()).isEqualTo(this.before);
		assertInvariants();
	}

	private void assertStartUpFails(Class<?> service, String method, String reason) {
		Throwable failure = failToStart(Billing.class, service);
		assertThat(messages(failure)).as("the start-up failure").contains(method).contains(reason);
		assertThat(rowCounts()).isEqualTo(this.before);
		assertInvariants();
	}

	static class UnknownProduct {

		@Billable(product = "video", customer = "#customer")
		public void generate(String customer) {
		}

	}

	static class UnknownDimension {

		@Billable(product = IMAGE, customer = "#customer", dimensions = "resolution='4k'")
		public void generate(String customer) {
		}

	}

	static class DimensionWithoutName {

		@Billable(product = IMAGE, customer = "#customer", dimensions = "'hd'")
		public void generate(String customer) {
		}

	}

	static class UnparsableCustomer {

		@Billable(product = IMAGE, customer = "#customer)")
		public void generate(String customer) {
		}

	}

	static class UnparsableQuantity {

		@Billable(product = IMAGE, customer = "#customer", quantity = "#count *")
		public void generate(String customer, int count) {
		}

	}

	static class UnparsableDimension {

		@Billable(product = IMAGE, customer = "#customer", dimensions = "quality=#hd ? 'hd' :")
		public void generate(String customer, boolean hd) {
		}

	}

	static class UnparsableCost {

		@Billable(product = IMAGE, customer = "#customer", cost = "#result.costUsd(")
		public BigDecimal generate(String customer) {
			return BigDecimal.ONE;
		}

	}

	static class DecimalLiteralCost {

		@Billable(product = IMAGE, customer = "#customer", cost = "#cached ? 0 : 0.05")
		public void generate(String customer, boolean cached) {
		}

	}

	static class LiteralCosts {

		@Billable(product = IMAGE, customer = "#customer", cost = "#cached ? 0 : '0.05'")
		public void generate(String customer, boolean cached) {
		}

		@Billable(product = IMAGE, customer = "#customer", cost = "#result")
		public BigDecimal priced(String customer) {
			return BigDecimal.ONE;
		}

	}

	static class NoCustomer {

		@Billable(product = IMAGE)
		public void generate() {
		}

	}

	static class Resolver implements CustomerResolver {

		@Override
		public String currentCustomer() {
			return "alice";
		}

	}

	static class EstimateFromResult {

		@Billable(product = IMAGE, customer = "#customer", quantity = "#result.size()", estimate = "#result.size()")
		public List<String> generate(String customer) {
			return List.of();
		}

	}

	interface BrokenGenerator {

		@Billable(product = "video", customer = "#customer")
		void generate(String customer);

	}

	static class BrokenGeneratorImpl implements BrokenGenerator {

		@Override
		public void generate(String customer) {
		}

	}

}

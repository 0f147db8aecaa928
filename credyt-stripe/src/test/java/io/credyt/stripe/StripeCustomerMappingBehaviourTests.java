package io.credyt.stripe;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.credyt.InvalidRequestException;
import io.credyt.testing.Concurrently;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Stripe customers mapped in the application's database: the first mapping of a customer wins on
 * every instance and survives a restart, and bad input writes nothing.
 */
abstract class StripeCustomerMappingBehaviourTests extends LedgerTestSupport {

	private JdbcStripeCustomerMapping mapping;

	StripeCustomerMappingBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void createMapping() {
		this.mapping = new JdbcStripeCustomerMapping(this.dataSource, this.clock);
	}

	@Test
	void anUnmappedCustomerHasNoStripeCustomer() {
		assertThat(this.mapping.stripeCustomer("alice")).isEmpty();
	}

	@Test
	void theFirstMappingWinsAndLaterOnesChangeNothing() {
		assertThat(this.mapping.mapIfAbsent("alice", "cus_1")).isEqualTo("cus_1");
		RowCounts before = rowCounts();

		assertThat(this.mapping.mapIfAbsent("alice", "cus_2")).isEqualTo("cus_1");

		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.mapping.stripeCustomer("alice")).contains("cus_1");
		assertThat(queryRows("SELECT provider, customer, provider_customer FROM credyt_payment_customer"))
			.containsExactly(List.of("stripe", "alice", "cus_1"));
	}

	@Test
	void aMappingIsSeenByAnotherInstanceAndAfterARestart() {
		this.mapping.mapIfAbsent("alice", "cus_1");

		JdbcStripeCustomerMapping restarted = new JdbcStripeCustomerMapping(anotherPool());

		assertThat(restarted.stripeCustomer("alice")).contains("cus_1");
		assertThat(restarted.mapIfAbsent("alice", "cus_9")).isEqualTo("cus_1");
		assertThat(restarted.stripeCustomer("bob")).isEmpty();
	}

	@Test
	void concurrentFirstCheckoutsOnTwoInstancesAgreeOnOneStripeCustomer() {
		JdbcStripeCustomerMapping other = new JdbcStripeCustomerMapping(anotherPool(), this.clock);

		List<Concurrently.Outcome<String>> outcomes = Concurrently.run(32, 64,
				(i) -> () -> ((i % 2 == 0) ? this.mapping : other).mapIfAbsent("alice", "cus_" + i));

		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		Optional<String> mapped = this.mapping.stripeCustomer("alice");
		assertThat(mapped).isPresent();
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.value()).isEqualTo(mapped.get()));
		assertThat(queryCount("SELECT COUNT(*) FROM credyt_payment_customer")).isEqualTo(1);
	}

	@Test
	void aStripeCustomerOfAnotherCustomerIsRefusedAndWritesNothing() {
		this.mapping.mapIfAbsent("alice", "cus_1");
		RowCounts before = rowCounts();

		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.mapping.mapIfAbsent("bob", "cus_1"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("stripeCustomer"));

		assertThat(rowCounts()).isEqualTo(before);
		assertThat(this.mapping.stripeCustomer("bob")).isEmpty();
	}

	@Test
	void missingOrOverlongIdsAreRefusedAndWriteNothing() {
		RowCounts before = rowCounts();

		assertRefused("customer", () -> this.mapping.mapIfAbsent(" ", "cus_1"));
		assertRefused("customer", () -> this.mapping.mapIfAbsent(null, "cus_1"));
		assertRefused("customer", () -> this.mapping.mapIfAbsent("x".repeat(256), "cus_1"));
		assertRefused("stripeCustomer", () -> this.mapping.mapIfAbsent("alice", ""));
		assertRefused("stripeCustomer", () -> this.mapping.mapIfAbsent("alice", null));
		assertRefused("customer", () -> this.mapping.stripeCustomer(""));

		assertThat(rowCounts()).isEqualTo(before);
	}

	private static void assertRefused(String field, Runnable call) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(call::run)
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo(field));
	}

}

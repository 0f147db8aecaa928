package io.credyt.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.credyt.ledger.Balance;
import io.credyt.ledger.Customer;
import io.credyt.ledger.Ledger;
import io.credyt.testing.Concurrently;
import io.credyt.testing.Concurrently.Outcome;
import io.credyt.testing.LedgerInvariants;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customers are found or created by the application's own user id, once.
 */
abstract class CustomerBehaviourTests extends LedgerTestSupport {

	CustomerBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void customerIsCreatedOnceAndFoundAgain() {
		Customer first = this.ledger.customer("alice");
		this.clock.advance(Duration.ofMinutes(5));
		Customer again = this.ledger.customer("alice");
		assertThat(again).isEqualTo(first);
		assertThat(first.externalId()).isEqualTo("alice");
		assertThat(first.createdAt()).isEqualTo(START);
		assertThat(this.ledger.findCustomer("alice")).contains(first);
		assertThat(rowCounts().of("credyt_customer")).isEqualTo(1);
		assertInvariants();
	}

	@Test
	void newCustomerHasAnEmptyBaseCurrencyAccount() {
		this.ledger.customer("alice");
		Balance balance = this.ledger.balance("alice");
		assertThat(balance.customer()).isEqualTo("alice");
		assertThat(balance.accounts()).containsOnlyKeys(TestCatalog.USD);
		assertUsd("alice", "0", "0", "0");
		assertThat(balance.entitlements()).isEmpty();
		assertInvariants();
	}

	@Test
	void differentIdsAreDifferentCustomers() {
		Customer alice = this.ledger.customer("alice");
		Customer bob = this.ledger.customer("bob");
		assertThat(alice.id()).isNotEqualTo(bob.id());
		assertThat(rowCounts().of("credyt_customer")).isEqualTo(2);
		assertInvariants();
	}

	@Test
	void concurrentFirstVisitsCreateOneCustomer() {
		List<Outcome<Customer>> outcomes = Concurrently.run(16, 16, (i) -> () -> this.ledger.customer("alice"));
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
		assertThat(outcomes.stream().map(Outcome::value).distinct()).hasSize(1);
		assertThat(rowCounts().of("credyt_customer")).isEqualTo(1);
		assertInvariants();
	}

	@Test
	void balanceOfAnUnknownCustomerIsEmptyAndWritesNothing() {
		this.ledger.customer("alice");
		RowCounts before = rowCounts();
		Balance balance = this.ledger.balance("ghost");
		assertThat(balance.customer()).isEqualTo("ghost");
		assertThat(balance.accounts()).isEmpty();
		assertThat(balance.entitlements()).isEmpty();
		assertThat(balance.available(TestCatalog.USD)).isZero();
		assertThat(this.ledger.findCustomer("ghost")).isEmpty();
		assertThat(rowCounts()).isEqualTo(before);
		assertInvariants();
	}

	@Test
	void ledgerBuiltWithDefaultsUsesTheSystemClock() {
		Ledger defaults = new JdbcLedger(this.dataSource, TestCatalog.catalog());
		Instant before = Instant.now().minusSeconds(1);
		Customer customer = defaults.customer("carol");
		assertThat(customer.createdAt()).isBetween(before, Instant.now().plusSeconds(1));
		assertThat(defaults.catalog()).isSameAs(TestCatalog.catalog());
		LedgerInvariants.assertAll(this.dataSource);
	}

}

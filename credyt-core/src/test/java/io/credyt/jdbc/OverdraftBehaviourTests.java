package io.credyt.jdbc;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import io.credyt.CredytException;
import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RowCounts;
import io.credyt.testing.TestCatalog;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.IMAGE;
import static io.credyt.testing.TestCatalog.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Invariant 1 with an overdraft limit: available may go below zero, never below the limit, and
 * what an overdraft lends is reported as unfunded.
 */
abstract class OverdraftBehaviourTests extends LedgerTestSupport {

	OverdraftBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@Test
	void availableMayGoBelowZeroDownToTheOverdraftLimit() {
		fund("alice", "0.50");
		this.ledger.overdraftLimit("alice", USD, new BigDecimal("1.00"));
		assertThat(usd("alice").overdraftLimit()).isEqualByComparingTo("1.00");
		UsageRecord usage = this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 5));
		assertThat(usage.fee()).isEqualByComparingTo("1.25");
		assertThat(usage.split().paid()).isEqualByComparingTo("0.50");
		assertThat(usage.split().unfunded()).isEqualByComparingTo("0.75");
		assertUsd("alice", "-0.75", "0", "-0.75");
		this.ledger.record(UsageEvent.of("evt-2", "alice", IMAGE, 1));
		assertUsd("alice", "-1.00", "0", "-1.00");

		RowCounts before = rowCounts();
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.record(UsageEvent.of("evt-3", "alice", IMAGE, 1)))
			.satisfies((ex) -> {
				assertThat(ex.required()).isEqualByComparingTo("0.25");
				assertThat(ex.available()).as("available plus the overdraft limit").isZero();
			});
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE)));
		assertThat(rowCounts()).isEqualTo(before);
		assertInvariants();
	}

	@Test
	void valueAddedAfterAnOverdraftRepaysItFirst() {
		this.ledger.customer("alice");
		this.ledger.overdraftLimit("alice", USD, new BigDecimal("1.00"));
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 3));
		assertUsd("alice", "-0.75", "0", "-0.75");
		this.ledger.grant("alice", GrantRequest.paid(USD, "2.00"));
		assertUsd("alice", "1.25", "0", "1.25");
		assertInvariants();
		UsageRecord usage = this.ledger.record(UsageEvent.of("evt-2", "alice", IMAGE, 5));
		assertThat(usage.split().paid()).isEqualByComparingTo("1.25");
		assertThat(usage.split().unfunded()).isZero();
		assertUsd("alice", "0", "0", "0");
		assertInvariants();
	}

	@Test
	void holdsMayReserveWithinTheOverdraftLimit() {
		this.ledger.customer("alice");
		this.ledger.overdraftLimit("alice", USD, new BigDecimal("0.50"));
		Hold first = this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE));
		assertUsd("alice", "0", "0.50", "-0.50");
		assertThatExceptionOfType(InsufficientBalanceException.class)
			.isThrownBy(() -> this.ledger.authorize(AuthorizationRequest.of("alice", IMAGE)));
		this.ledger.release(first.id());
		assertUsd("alice", "0", "0.25", "-0.25");
		assertInvariants();
	}

	@Test
	void newAccountsGetTheDefaultOverdraftLimit() {
		Ledger lenient = new JdbcLedger(this.dataSource, TestCatalog.catalog(),
				options().defaultOverdraftLimit(new BigDecimal("0.50")), this.clock);
		lenient.customer("alice");
		AccountBalance account = usd("alice");
		assertThat(account.overdraftLimit()).isEqualByComparingTo("0.50");
		UsageRecord usage = lenient.record(UsageEvent.of("evt-1", "alice", IMAGE, 2));
		assertThat(usage.split().unfunded()).isEqualByComparingTo("0.50");
		assertUsd("alice", "-0.50", "0", "-0.50");
		assertInvariants();
	}

	@Test
	void overdraftLimitCannotBeLoweredBelowWhatIsAlreadyOwed() {
		this.ledger.customer("alice");
		this.ledger.overdraftLimit("alice", USD, new BigDecimal("1.00"));
		this.ledger.record(UsageEvent.of("evt-1", "alice", IMAGE, 3));
		assertThatExceptionOfType(CredytException.class)
			.isThrownBy(() -> this.ledger.overdraftLimit("alice", USD, BigDecimal.ZERO));
		assertThat(usd("alice").overdraftLimit()).isEqualByComparingTo("1.00");
		assertInvariants();
	}

}

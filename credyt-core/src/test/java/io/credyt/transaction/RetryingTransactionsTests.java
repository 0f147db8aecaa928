package io.credyt.transaction;

import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Short writes run in a transaction of their own and are run again after a lost lock, a bounded
 * number of times.
 */
class RetryingTransactionsTests {

	private HikariDataSource dataSource;

	private JdbcTemplate jdbc;

	@BeforeEach
	void createTable() {
		this.dataSource = TestDatabases.h2();
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.jdbc.execute("CREATE TABLE note (id INT PRIMARY KEY)");
	}

	@AfterEach
	void disposeDatabase() {
		TestDatabases.dispose(this.dataSource);
	}

	@Test
	void writeThatLostALockIsRunAgainUntilItSucceeds() {
		AtomicInteger attempts = new AtomicInteger();
		int inserted = new RetryingTransactions(this.dataSource).update(() -> {
			if (attempts.incrementAndGet() < 3) {
				throw new CannotAcquireLockException("lock wait timed out");
			}
			return this.jdbc.update("INSERT INTO note (id) VALUES (1)");
		});
		assertThat(inserted).isOne();
		assertThat(attempts).hasValue(3);
		assertThat(notes()).isOne();
	}

	@Test
	void lastLostLockIsThrownOnceTheRetriesAreSpent() {
		AtomicInteger attempts = new AtomicInteger();
		RetryingTransactions transactions = new RetryingTransactions(
				new DataSourceTransactionManager(this.dataSource), 2);
		assertThatExceptionOfType(CannotAcquireLockException.class).isThrownBy(() -> transactions.update(() -> {
			attempts.incrementAndGet();
			throw new CannotAcquireLockException("lock wait timed out");
		}));
		assertThat(attempts).hasValue(3);
	}

	@Test
	void refusedWriteIsNotRunAgain() {
		this.jdbc.update("INSERT INTO note (id) VALUES (1)");
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> new RetryingTransactions(this.dataSource).update(() -> {
				attempts.incrementAndGet();
				return this.jdbc.update("INSERT INTO note (id) VALUES (1)");
			}));
		assertThat(attempts).hasValue(1);
	}

	@Test
	void writeStaysWrittenWhenTheCallersTransactionRollsBack() {
		RetryingTransactions transactions = new RetryingTransactions(this.dataSource);
		new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)).executeWithoutResult((status) -> {
			this.jdbc.update("INSERT INTO note (id) VALUES (1)");
			transactions.update(() -> this.jdbc.update("INSERT INTO note (id) VALUES (2)"));
			status.setRollbackOnly();
		});
		assertThat(this.jdbc.queryForList("SELECT id FROM note", Integer.class)).containsExactly(2);
	}

	private int notes() {
		Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM note", Integer.class);
		return (count != null) ? count : 0;
	}

}

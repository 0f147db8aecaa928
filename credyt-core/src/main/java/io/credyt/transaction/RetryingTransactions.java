package io.credyt.transaction;

import java.time.Duration;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs short pieces of database work, each in a transaction of its own, and runs a piece again
 * when it lost a deadlock or a lock wait ({@link TransientDataAccessException}), up to a number
 * of retries, after a short randomized pause (so two transactions that deadlocked do not meet
 * again at once); the last failure is thrown. Built on Spring Framework's {@link RetryTemplate}.
 * <p>
 * The transaction never joins the caller's: what it writes stays written when the caller's
 * transaction rolls back, and a statement the database refuses (a duplicate key) does not abort
 * the caller's transaction. A piece that is retried runs whole again, so it must be safe to
 * repeat: one guarded statement, or statements whose guards make a repeat harmless.
 */
public final class RetryingTransactions {

	/** How often a piece of work is retried unless told otherwise. */
	public static final int DEFAULT_MAX_RETRIES = 3;

	private final TransactionTemplate transactions;

	private final RetryTemplate retries;

	/**
	 * Runs the work on a database with its own transaction manager and
	 * {@value #DEFAULT_MAX_RETRIES} retries.
	 * @param dataSource the database
	 */
	public RetryingTransactions(DataSource dataSource) {
		this(new DataSourceTransactionManager(Objects.requireNonNull(dataSource, "dataSource")),
				DEFAULT_MAX_RETRIES);
	}

	/**
	 * Runs the work through a transaction manager.
	 * @param transactionManager the transaction manager of the database the work runs on
	 * @param maxRetries how often a piece of work that failed transiently is run again (0: never)
	 */
	public RetryingTransactions(PlatformTransactionManager transactionManager, int maxRetries) {
		Objects.requireNonNull(transactionManager, "transactionManager");
		if (maxRetries < 0) {
			throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
		}
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.retries = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(maxRetries)
			.includes(TransientDataAccessException.class)
			.delay(Duration.ofMillis(1))
			.jitter(Duration.ofMillis(1))
			.multiplier(2)
			.maxDelay(Duration.ofMillis(20))
			.build());
	}

	/**
	 * Runs work in a new transaction, again when it failed transiently.
	 * @param <T> the type of the work's result
	 * @param work what to do, safe to repeat
	 * @return the work's result
	 */
	public <T extends @Nullable Object> T run(Supplier<T> work) {
		return this.retries.invoke(() -> this.transactions.execute((status) -> work.get()));
	}

	/**
	 * Runs a write in a new transaction, again when it failed transiently.
	 * @param statement the write, safe to repeat, answering how many rows it changed
	 * @return how many rows the write changed
	 */
	public int update(IntSupplier statement) {
		return run(statement::getAsInt);
	}

}

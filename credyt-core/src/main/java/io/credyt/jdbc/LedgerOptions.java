package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Duration;

import io.credyt.InvalidRequestException;
import io.credyt.money.Money;

/**
 * Settings of the JDBC ledger.
 *
 * @param holdTimeToLive how long a hold lives before the sweeper may expire it
 * @param defaultOverdraftLimit the overdraft limit new accounts get (0: never below zero)
 * @param maxRetries how often a transaction that lost a deadlock or lock wait is retried
 */
public record LedgerOptions(Duration holdTimeToLive, BigDecimal defaultOverdraftLimit, int maxRetries) {

	public LedgerOptions {
		if (holdTimeToLive == null || holdTimeToLive.isNegative() || holdTimeToLive.isZero()) {
			throw new InvalidRequestException("holdTimeToLive", "must be positive, was " + holdTimeToLive);
		}
		defaultOverdraftLimit = Money.exact(defaultOverdraftLimit, "defaultOverdraftLimit");
		if (defaultOverdraftLimit.signum() < 0) {
			throw new InvalidRequestException("defaultOverdraftLimit", "must not be negative");
		}
		if (maxRetries < 0) {
			throw new InvalidRequestException("maxRetries", "must not be negative");
		}
	}

	/**
	 * Holds live 10 minutes, no overdraft, 3 retries.
	 * @return the defaults
	 */
	public static LedgerOptions defaults() {
		return new LedgerOptions(Duration.ofMinutes(10), BigDecimal.ZERO, 3);
	}

	public LedgerOptions holdTimeToLive(Duration value) {
		return new LedgerOptions(value, this.defaultOverdraftLimit, this.maxRetries);
	}

	public LedgerOptions defaultOverdraftLimit(BigDecimal value) {
		return new LedgerOptions(this.holdTimeToLive, value, this.maxRetries);
	}

}

package io.credyt.engine;

import java.math.BigDecimal;

import io.credyt.money.Money;

/**
 * An account as the planner sees it while a batch is planned: read under its row lock, then
 * changed command by command. What changed is applied as one guarded update per account.
 */
public final class AccountState {

	private final AccountKey key;

	private final boolean stored;

	private final BigDecimal overdraftLimit;

	private final BigDecimal availableBefore;

	private BigDecimal posted;

	private BigDecimal held;

	private BigDecimal debit = Money.zero();

	private BigDecimal holdChange = Money.zero();

	private boolean used;

	/**
	 * An account read from the database (or, when {@code stored} is false, one that does not
	 * exist yet and would be created with nothing in it).
	 * @param key the account
	 * @param stored whether the row exists
	 * @param posted its posted balance
	 * @param held its held total
	 * @param overdraftLimit how far below zero its available balance may go
	 */
	public AccountState(AccountKey key, boolean stored, BigDecimal posted, BigDecimal held,
			BigDecimal overdraftLimit) {
		this.key = key;
		this.stored = stored;
		this.posted = posted;
		this.held = held;
		this.overdraftLimit = overdraftLimit;
		this.availableBefore = posted.subtract(held);
	}

	public AccountKey key() {
		return this.key;
	}

	/** Whether the row exists; one that does not is created only if a command used it. */
	public boolean stored() {
		return this.stored;
	}

	public BigDecimal posted() {
		return this.posted;
	}

	public BigDecimal held() {
		return this.held;
	}

	public BigDecimal overdraftLimit() {
		return this.overdraftLimit;
	}

	/** What may still be spent: available plus the overdraft limit. */
	public BigDecimal spendable() {
		return this.posted.subtract(this.held).add(this.overdraftLimit);
	}

	public BigDecimal availableBefore() {
		return this.availableBefore;
	}

	public BigDecimal available() {
		return this.posted.subtract(this.held);
	}

	/** The total debit planned for the batch. */
	public BigDecimal debit() {
		return this.debit;
	}

	/** The total change of {@code held} planned for the batch. */
	public BigDecimal holdChange() {
		return this.holdChange;
	}

	/** Whether a command of the batch needs the row (a hold or a usage references it). */
	public boolean used() {
		return this.used;
	}

	/** Whether the balance changed. */
	public boolean moved() {
		return this.debit.signum() != 0 || this.holdChange.signum() != 0;
	}

	/**
	 * Whether a debit and a change of the held total keep the available balance at or above
	 * minus the overdraft limit (the guard the store repeats in its update's {@code WHERE}).
	 */
	boolean covers(BigDecimal debit, BigDecimal holdChange) {
		return this.posted.subtract(debit).subtract(this.held.add(holdChange)).compareTo(this.overdraftLimit.negate()) >= 0;
	}

	void move(BigDecimal debit, BigDecimal holdChange) {
		this.posted = this.posted.subtract(debit);
		this.held = this.held.add(holdChange);
		this.debit = this.debit.add(debit);
		this.holdChange = this.holdChange.add(holdChange);
		this.used = true;
	}

	void use() {
		this.used = true;
	}

}

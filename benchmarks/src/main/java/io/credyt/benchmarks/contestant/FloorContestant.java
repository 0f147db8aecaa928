package io.credyt.benchmarks.contestant;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code floor}: the least a correct prepaid debit can cost on this database: one autocommit
 * guarded {@code UPDATE} per operation, with no entry, no usage record and no idempotency. Every
 * other row is compared with it.
 */
public final class FloorContestant implements Contestant {

	private @Nullable JdbcTemplate jdbc;

	@Override
	public String name() {
		return "floor";
	}

	@Override
	public void prepare(RowDatabase database, Wallets wallets) {
		JdbcTemplate setup = new JdbcTemplate(database.setup());
		setup.execute("CREATE TABLE floor_account (id BIGINT PRIMARY KEY, balance NUMERIC(38,12) NOT NULL,"
				+ " funded NUMERIC(38,12) NOT NULL)");
		setup.update("INSERT INTO floor_account (id, balance, funded) SELECT i, ?, ? FROM generate_series(1, ?) AS i",
				wallets.funds(), wallets.funds(), wallets.count());
		this.jdbc = new JdbcTemplate(database.measured());
	}

	@Override
	public boolean charge(int wallet) {
		JdbcTemplate jdbc = this.jdbc;
		if (jdbc == null) {
			throw new IllegalStateException("floor was not prepared");
		}
		return jdbc.update("UPDATE floor_account SET balance = balance - ? WHERE id = ? AND balance >= ?",
				Wallets.PRICE, Wallets.id(wallet), Wallets.PRICE) == 1;
	}

	@Override
	public Conservation check(long charged) {
		JdbcTemplate jdbc = this.jdbc;
		if (jdbc == null) {
			throw new IllegalStateException("floor was not prepared");
		}
		Map<String, Object> accounts = jdbc.queryForMap("SELECT COUNT(*) FILTER (WHERE balance < 0) AS negative,"
				+ " COALESCE(SUM(funded - balance), 0) AS spent FROM floor_account");
		return Conservation.checker()
			.none("accounts with a negative balance", LedgerContestant.count(accounts.get("negative")))
			.equal("funds spent", Wallets.PRICE.multiply(BigDecimal.valueOf(charged)),
					LedgerContestant.amount(accounts.get("spent")))
			.verdict();
	}

	@Override
	public void close() {
		// nothing of its own to stop: the harness closes the pools
	}

}

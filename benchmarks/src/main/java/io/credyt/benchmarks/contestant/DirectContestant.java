package io.credyt.benchmarks.contestant;

import java.time.Clock;
import java.util.UUID;

import javax.sql.DataSource;

import io.credyt.jdbc.JdbcLedger;
import io.credyt.jdbc.LedgerOptions;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;

/**
 * {@code direct}: {@link Ledger#record} of a usage event, the ledger's API without the aspect and
 * without a hold: one guarded debit with its ledger entry and usage event.
 */
public final class DirectContestant extends LedgerContestant {

	public DirectContestant(LedgerOptions options) {
		super(options);
	}

	@Override
	public String name() {
		return "direct";
	}

	@Override
	protected Ledger start(DataSource dataSource) {
		return new JdbcLedger(dataSource, BenchmarkCatalog.catalog(), options(), Clock.systemUTC());
	}

	@Override
	public boolean charge(int wallet) {
		ledger().record(UsageEvent.of(UUID.randomUUID().toString(), Wallets.externalId(wallet), BenchmarkCatalog.PRODUCT, 1));
		return true;
	}

}

package io.credyt.benchmarks.contestant;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import io.credyt.jdbc.LedgerOptions;
import io.credyt.ledger.Ledger;

/**
 * {@code billable}: a {@code @Billable} method that does nothing, called through its real Spring
 * proxy. Each call authorizes (a hold), runs the method, and captures the hold as a usage event
 * and its ledger entry.
 */
public final class BillableContestant extends LedgerContestant {

	private @Nullable BillableApplication application;

	private @Nullable MeteredOperations operations;

	public BillableContestant(LedgerOptions options) {
		super(options);
	}

	@Override
	public String name() {
		return "billable";
	}

	@Override
	protected Ledger start(DataSource dataSource) {
		BillableApplication started = BillableApplication.start(dataSource, options());
		this.application = started;
		this.operations = started.metered();
		return started.ledger();
	}

	@Override
	public boolean charge(int wallet) {
		MeteredOperations metered = this.operations;
		if (metered == null) {
			throw new IllegalStateException("billable was not prepared");
		}
		metered.op(Wallets.externalId(wallet));
		return true;
	}

	@Override
	public void close() {
		// the context closes the ledger when it has anything to close
		BillableApplication started = this.application;
		if (started != null) {
			started.close();
		}
	}

}

package io.credyt.catalog;

import io.credyt.CredytException;
import io.credyt.money.Money;

/** A plan code that the catalog does not declare. */
public class UnknownPlanException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String plan;

	public UnknownPlanException(String plan) {
		super("Unknown plan '" + Money.echo(plan) + "'");
		this.plan = plan;
	}

	public String plan() {
		return this.plan;
	}

}

package io.credyt.annotation;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.credyt.ledger.AccountBalance;
import io.credyt.ledger.Ledger;
import io.credyt.testing.TestCatalog;

/**
 * What the sample services' method bodies saw: which ran, for whom, and how much of the
 * customer's wallet was held while they ran (proof that the hold came before the work). A bean of
 * every test context; the services call it first thing.
 */
final class Invocations {

	private final Ledger ledger;

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	Invocations(Ledger ledger) {
		this.ledger = ledger;
	}

	/**
	 * Notes that a method body runs.
	 * @param method the method's name
	 * @param customer who it runs for
	 */
	void called(String method, String customer) {
		AccountBalance usd = this.ledger.balance(customer).accounts().get(TestCatalog.USD);
		this.calls.add(new Call(method, customer, (usd != null) ? usd.held() : BigDecimal.ZERO));
	}

	int count() {
		return this.calls.size();
	}

	int count(String method) {
		return (int) this.calls.stream().filter((call) -> call.method().equals(method)).count();
	}

	List<Call> calls() {
		return List.copyOf(this.calls);
	}

	Call last() {
		if (this.calls.isEmpty()) {
			throw new IllegalStateException("No method body ran");
		}
		return this.calls.get(this.calls.size() - 1);
	}

	/**
	 * One method body's run.
	 *
	 * @param method the method's name
	 * @param customer who it ran for
	 * @param held the customer's USD held total while it ran
	 */
	record Call(String method, String customer, BigDecimal held) {
	}

}

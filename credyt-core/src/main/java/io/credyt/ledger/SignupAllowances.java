package io.credyt.ledger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Onboarding that gives each new customer the same allowances (10 free images once, say). Each
 * allowance carries the reference {@code signup:<product>}, so it is given at most once per
 * customer whatever the number of instances or calls; a local cache spares the database
 * once a customer is known to be onboarded.
 */
public final class SignupAllowances implements Onboarding {

	private static final int MAX_REMEMBERED = 100_000;

	private final Ledger ledger;

	private final List<EntitlementRequest> allowances;

	private final Map<String, Boolean> onboarded = new ConcurrentHashMap<>();

	/**
	 * Creates the onboarding.
	 * @param ledger the ledger
	 * @param allowances the allowances to give; each gets the reference {@code signup:<product>}
	 * unless it has one
	 */
	public SignupAllowances(Ledger ledger, List<EntitlementRequest> allowances) {
		this.ledger = ledger;
		this.allowances = allowances.stream()
			.map((allowance) -> (allowance.reference() != null) ? allowance
					: allowance.reference("signup:" + allowance.product()))
			.toList();
		this.allowances.forEach((allowance) -> ledger.catalog().product(allowance.product()));
	}

	@Override
	public void onboard(String externalId) {
		if (this.onboarded.containsKey(externalId)) {
			return;
		}
		this.ledger.customer(externalId);
		for (EntitlementRequest allowance : this.allowances) {
			this.ledger.entitle(externalId, allowance);
		}
		if (this.onboarded.size() >= MAX_REMEMBERED) {
			this.onboarded.clear();
		}
		this.onboarded.put(externalId, Boolean.TRUE);
	}

}

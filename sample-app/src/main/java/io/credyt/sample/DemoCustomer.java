package io.credyt.sample;

import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Signs up the demo customer on start-up, the first time only: $5.00 of paid balance and ten
 * free images. Until the app has real sign-up, every visitor acts as this customer.
 */
@Component
class DemoCustomer implements ApplicationRunner {

	static final String ID = "demo";

	private static final String SIGNUP = "signup";

	private final Ledger ledger;

	DemoCustomer(Ledger ledger) {
		this.ledger = ledger;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.ledger.grants(ID).isEmpty()) {
			// The references make a second instance starting at the same time a no-op.
			this.ledger.grant(ID, GrantRequest.paid("USD", "5.00").reference(SIGNUP));
			this.ledger.entitle(ID, EntitlementRequest.once("image", 10).reference(SIGNUP));
		}
	}

}

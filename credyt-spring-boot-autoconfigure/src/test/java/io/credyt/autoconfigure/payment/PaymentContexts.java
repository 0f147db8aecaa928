package io.credyt.autoconfigure.payment;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.credyt.autoconfigure.CredytAutoConfigurations;

/**
 * What the payment auto-configuration tests start: Credyt with its payments (top-ups through the
 * test provider, auto top-up), on an in-memory database, with the test catalog.
 */
final class PaymentContexts {

	private PaymentContexts() {
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytPaymentsAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog());
	}

}

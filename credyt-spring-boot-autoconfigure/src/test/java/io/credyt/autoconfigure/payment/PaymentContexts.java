package io.credyt.autoconfigure.payment;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.credyt.autoconfigure.CredytAutoConfigurations;

/**
 * What the payment auto-configuration tests start: Credyt with its payments (top-ups through the
 * test provider when test mode is enabled, auto top-up), on an in-memory database, with the test
 * catalog.
 */
final class PaymentContexts {

	private PaymentContexts() {
	}

	/**
	 * Credyt with its payments and the test provider (test mode enabled).
	 * @return the runner
	 */
	static ApplicationContextRunner runner() {
		return withDefaults().withPropertyValues("credyt.payments.test-mode.enabled=true");
	}

	/**
	 * Credyt with its payments as an application gets them without saying anything: no test mode.
	 * @return the runner
	 */
	static ApplicationContextRunner withDefaults() {
		return new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytPaymentsAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog());
	}

}

package io.credyt.autoconfigure.portal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jsoup.nodes.Document;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.credyt.autoconfigure.admin.CredytReportsAutoConfiguration;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.ledger.Ledger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that says nothing about payments: no Stripe key and no test mode. The portal
 * offers no top-up form and no auto top-up, says why, and nothing credits money for a pretend
 * payment.
 */
@ExtendWith(OutputCaptureExtension.class)
class PortalWithoutPaymentsTests {

	private final WebApplicationContextRunner runner = Portals.minimal()
		.withConfiguration(
				AutoConfigurations.of(CredytPaymentsAutoConfiguration.class, CredytReportsAutoConfiguration.class));

	@Test
	void thePortalSaysThatAddingFundsIsNotAvailableAndOffersNoForms() {
		this.runner.run((context) -> {
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));
			Document page = browser.page("/billing/portal");

			assertThat(page.selectFirst("#top-up-unavailable").text())
				.contains("Adding funds is not available: this application has no payment provider set up yet.");
			assertThat(page.selectFirst("#top-up-form")).isNull();
			assertThat(page.selectFirst("#test-mode")).isNull();
			assertThat(page.selectFirst("#auto-top-up")).isNull();
			assertThat(page.selectFirst("#balance")).isNotNull();
		});
	}

	@Test
	void noTopUpCanBeStartedAndThereIsNoTestCheckout() {
		this.runner.run((context) -> {
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));

			assertThat(browser.post("/billing/portal/top-up", "amount", "500").getResponse().getStatus())
				.isEqualTo(404);
			assertThat(browser.get("/billing/test-checkout?session=x").getResponse().getStatus()).isEqualTo(404);
			assertThat(context).doesNotHaveBean(TestCheckoutController.class);
			assertThat(context.getBean(Ledger.class).balance("alice").available("USD")).isZero();
		});
	}

	@Test
	void withTestModeTheTopUpFormIsMarkedAsTestModeAndAWarningIsLogged(CapturedOutput output) {
		this.runner.withPropertyValues("credyt.payments.test-mode.enabled=true").run((context) -> {
			Browser browser = new Browser(context);
			browser.get(Portals.link(context, "alice"));
			Document page = browser.page("/billing/portal");

			assertThat(page.selectFirst("#top-up-unavailable")).isNull();
			assertThat(page.selectFirst("#top-up-form")).isNotNull();
			assertThat(page.selectFirst("#test-mode").text()).isEqualTo("Test mode");
		});
		assertThat(output).contains("Credyt's test payment provider is on");
	}

}

package io.credyt.sample;

import java.util.ArrayList;
import java.util.List;

import io.credyt.ledger.Ledger;
import io.credyt.payment.TestPaymentProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.credyt.sample.BillingBrowserTests.generate;
import static io.credyt.sample.BillingBrowserTests.openThePortalFromTheHeader;
import static io.credyt.sample.BillingBrowserTests.portalBalance;
import static io.credyt.sample.BillingBrowserTests.preset;
import static io.credyt.sample.BillingBrowserTests.rows;
import static io.credyt.sample.BillingBrowserTests.signInAsOperator;
import static io.credyt.sample.BillingBrowserTests.signUp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator does in the dashboard, in a real browser: reads the profitability ranking and
 * refunds a customer's last charges, which the customer then sees in the billing portal. The
 * application is the one {@link BillingBrowserTests} runs, on a database of its own, except that a
 * sign-up gives one free image instead of ten: every free image costs the vendor fee and earns
 * nothing, so with one a customer who pays for two HD images is profitable. The profitability test
 * runs first, so that the ranking holds only the two customers it signs up.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:browser-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				"sample.admin.password=" + BillingBrowserTests.OPERATOR_PASSWORD, "credyt.signup.entitlements.image=1" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardActionsBrowserTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Ledger ledger;

	private final List<Chrome> browsers = new ArrayList<>();

	@AfterEach
	void closeBrowsers() {
		this.browsers.forEach(Chrome::close);
	}

	@Test
	@Order(1)
	void profitabilityListsTheCustomerWhoCostMoreThanTheyPaidFirst() {
		Chrome freeloader = browser();
		signUp(freeloader, "gus", "1 free image");
		useTheFreeImage(freeloader);

		Chrome payer = browser();
		signUp(payer, "hal", "1 free image");
		useTheFreeImage(payer);
		topUpFiveDollars(payer);
		generate(payer, "A harbour at night in HD", true);
		payer.waitForText("balance", "$4.60");
		generate(payer, "A harbour at dawn in HD", true);
		payer.waitForText("balance", "$4.20");

		Chrome operator = browser();
		signInAsOperator(operator, "/billing/admin/profitability");
		// gus: one free image, no revenue, $0.20 vendor cost; hal: $0.80 of paid HD images
		// against three images' vendor cost, $0.60
		List<String> ranking = rows(operator, "#profitability .profitability-row");
		assertThat(ranking).containsExactly("gus 1 $0.00 $0.00 $0.00 $0.00 $0.20 -$0.20 —",
				"hal 3 $0.80 $0.00 $0.00 $0.00 $0.60 $0.20 25.00 %");
		assertThat(rows(operator, "#profitability .profitability-row .margin.negative")).containsExactly("-$0.20");
		operator.screenshot("dashboard-profitability", 1280);
	}

	@Test
	@Order(2)
	void operatorRefundsTheLastThreeChargesAndTheCustomerSeesTheRefunds() {
		Chrome customer = browser();
		signUp(customer, "fay", "1 free image");
		useTheFreeImage(customer);
		String portal = topUpFiveDollars(customer);
		for (int take = 1; take <= 4; take++) {
			generate(customer, "A kite over the dunes, take " + take, false);
			customer.waitForPath("/generate");
		}
		customer.waitForText("balance", "$4.00");

		Chrome operator = browser();
		signInAsOperator(operator, "/billing/admin/customers/fay");
		assertThat(walletAvailable(operator)).isEqualTo("$4.00");
		operator.typeAndSubmit("refund-count", "3");
		operator.waitForPath("/billing/admin/customers/fay/refund-last");
		assertThat(operator.text("confirm-title")).isEqualTo("Refund the last 3 charges");
		List<String> charges = rows(operator, "#confirm-charges .confirm-charge");
		List<String> facts = rows(operator, ".confirm-facts .fact");
		assertThat(charges).hasSize(3).allSatisfy((row) -> assertThat(row).contains("image 1 quality=standard $0.25 0").endsWith("Yes"));
		// the labels are set in capitals by the stylesheet
		assertThat(facts).containsExactly("CHARGES TO REFUND\n3", "BACK TO THE WALLET\n$0.75");
		operator.type("reason", "The last three images came out blank");
		operator.screenshot("dashboard-refund", 1280);
		operator.clickAndWait("confirm-button");

		operator.waitForPath("/billing/admin/customers/fay");
		operator.waitForText("notice", "Refunded 3 of the last 3 charges: $0.75.");
		assertThat(walletAvailable(operator)).isEqualTo("$4.75");
		assertThat(this.ledger.balance("fay").available("USD")).isEqualByComparingTo("4.75");

		customer.switchTo(portal);
		customer.open("/billing/portal");
		assertThat(portalBalance(customer)).isEqualTo("$4.75");
		List<String> transactions = rows(customer, "#transactions tbody tr");
		assertThat(transactions.stream().filter((row) -> row.contains("Refund of")).toList()).hasSize(3)
			.allSatisfy((row) -> assertThat(row).contains("Refund Refund of Image, ").endsWith("+$0.25"));
	}

	private Chrome browser() {
		Chrome chrome = Chrome.start(this.port);
		this.browsers.add(chrome);
		return chrome;
	}

	private static void useTheFreeImage(Chrome chrome) {
		generate(chrome, "A lighthouse on a cliff at dawn", false);
		chrome.waitForPath("/generate");
		chrome.waitForText("free-images", "0 free images");
	}

	/**
	 * Tops up $5 with the test card in the portal, opened from the app's header, and comes back to
	 * the app's generate page.
	 * @return the handle of the portal's tab
	 */
	private static String topUpFiveDollars(Chrome chrome) {
		String app = openThePortalFromTheHeader(chrome);
		chrome.clickAndWait(preset("5"));
		chrome.waitForPath("/billing/test-checkout");
		chrome.type("card-number", TestPaymentProvider.SUCCEEDS);
		chrome.clickAndWait("pay");
		chrome.waitForText("flash", "Added $5.00 to your balance.");
		String portal = chrome.handle();
		chrome.switchTo(app);
		chrome.open("/generate");
		chrome.waitForText("balance", "$5.00");
		return portal;
	}

	private static String walletAvailable(Chrome operator) {
		return operator.text(By.cssSelector("#wallet .account-row .available"));
	}

}

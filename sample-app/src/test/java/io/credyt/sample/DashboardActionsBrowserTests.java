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
				"sample.admin.password=" + BillingBrowserTests.OPERATOR_PASSWORD, "credyt.signup.entitlements.image=1",
				"credyt.webhooks.balance-low.amounts.USD=4.75", "credyt.webhooks.delivery.interval=100ms" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardActionsBrowserTests {

	/** The application's mailer, as a webhook receiver: it takes every event. */
	private static final com.sun.net.httpserver.HttpServer MAILER = mailer();

	@org.springframework.test.context.DynamicPropertySource
	static void webhooks(org.springframework.test.context.DynamicPropertyRegistry registry) {
		registry.add("credyt.webhooks.destinations.mailer.url",
				() -> "http://127.0.0.1:" + MAILER.getAddress().getPort() + "/credyt");
		registry.add("credyt.webhooks.destinations.mailer.topics", () -> "*");
	}

	private static com.sun.net.httpserver.HttpServer mailer() {
		try {
			com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer
				.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/credyt", (exchange) -> {
				exchange.getRequestBody().readAllBytes();
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

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
		// against three images' vendor cost, $0.60; neither pays a subscription fee
		List<String> ranking = rows(operator, "#profitability .profitability-row");
		assertThat(ranking).containsExactly("gus 1 $0.00 $0.00 $0.00 $0.00 $0.00 $0.20 -$0.20 —",
				"hal 3 $0.80 $0.00 $0.00 $0.00 $0.00 $0.60 $0.20 25.00 %");
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

	@Test
	@Order(3)
	void theOperatorSeesWhereWebhooksWentAndTheirDeliveries() {
		Chrome customer = browser();
		signUp(customer, "ida", "1 free image");
		useTheFreeImage(customer);
		topUpFiveDollars(customer);
		generate(customer, "A lantern in the rain in HD", true);
		customer.waitForText("balance", "$4.60");

		Chrome operator = browser();
		signInAsOperator(operator, "/billing/admin/webhooks");
		List<String> destinations = rows(operator, "#destinations .destination");
		assertThat(destinations).singleElement().asString().startsWith("mailer").contains("Enabled");
		// the top-up, and the HD image that took the balance below $4.75, reach the mailer
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
		List<String> deliveries = List.of();
		while (System.nanoTime() < deadline) {
			operator.open("/billing/admin/webhooks");
			deliveries = rows(operator, "#deliveries tbody tr");
			if (deliveries.stream().filter((row) -> row.contains("ida")).count() >= 2
					&& deliveries.stream().filter((row) -> row.contains("ida")).allMatch((row) -> row.contains("DELIVERED"))) {
				break;
			}
			sleep(250);
		}
		assertThat(deliveries.stream().filter((row) -> row.contains("ida")).toList())
			.anySatisfy((row) -> assertThat(row).contains("balance.low").contains("DELIVERED"))
			.anySatisfy((row) -> assertThat(row).contains("topup.succeeded").contains("DELIVERED"));
		operator.screenshot("dashboard-webhooks", 1280);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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

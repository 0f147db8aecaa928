package io.credyt.sample;

import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.credyt.sample.Browser.Page;
import io.credyt.test.AutoConfigureCredytTest;
import io.credyt.test.CheckoutResult;
import io.credyt.test.CredytTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static io.credyt.test.CredytAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app tested the way its developers would with the Credyt test kit: a fresh user per test,
 * money put in the wallet in one call or through the test checkout, balance assertions; and the
 * billing JSON API a mobile client reads, behind the app's sign-in.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:kit-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				"credyt.payments.test-mode.enabled=true" })
@AutoConfigureMockMvc
@AutoConfigureCredytTest
class BillingKitTests {

	private static final String PASSWORD = "a long enough password";

	@Autowired
	private CredytTest credyt;

	@Autowired
	private MockMvc mvc;

	@LocalServerPort
	private int port;

	@Test
	void aFundedUserPaysForImagesOnceTheFreeOnesAreGone() {
		String user = this.credyt.newCustomer("user");
		Browser browser = new Browser(this.port);
		Page page = signUp(browser, user);
		this.credyt.fund(user, "1.00");
		for (int image = 1; image <= 10; image++) {
			page = browser.submit(page, "generate", Map.of("prompt", "A free lighthouse, take " + image));
		}
		assertThat(this.credyt.billing(user)).hasUsageCount("image", 10).hasFreeUnits("image", 0).hasAvailable("1.00");
		page = browser.submit(page, "generate", Map.of("prompt", "A paid lighthouse", "hd", "true"));
		assertThat(page.text("balance")).isEqualTo("$0.60");
		assertThat(this.credyt.billing(user)).hasUsageCount("image", 11).hasAvailable("0.60").hasNothingHeld();
	}

	@Test
	void aTestCheckoutTopsUpASignedUpUserWhoseHeaderThenShowsIt() {
		String user = this.credyt.newCustomer("user");
		Browser browser = new Browser(this.port);
		signUp(browser, user);
		CheckoutResult result = this.credyt.checkout(this.mvc).pay(user, "5.00");
		assertThat(result.succeeded()).isTrue();
		assertThat(this.credyt.balance(user)).hasAvailable("5.00");
		assertThat(browser.get("/generate").text("balance")).isEqualTo("$5.00");
	}

	@Test
	void theJsonApiGivesTheSignedInUserTheirOwnBalanceUsageAndPortalLink() {
		String user = this.credyt.newCustomer("user");
		String other = this.credyt.newCustomer("other");
		this.credyt.fund(other, "50.00");
		Browser browser = new Browser(this.port);
		Page page = signUp(browser, user);
		this.credyt.fund(user, "4.35");
		browser.submit(page, "generate", Map.of("prompt", "A lighthouse"));

		DocumentContext balance = json(browser.get("/billing/api/balance?customer=" + other));
		assertThat(balance.read("$.customer", String.class)).isEqualTo(user);
		assertThat(balance.read("$.display", String.class)).isEqualTo("$4.35");
		assertThat(balance.read("$.assets[0].available", String.class)).isEqualTo("4.35");
		assertThat(balance.read("$.products[0].freeText", String.class)).isEqualTo("9 free images");
		assertThat(balance.read("$.products[0].leftText", String.class)).isEqualTo("26 images left");

		DocumentContext usage = json(browser.get("/billing/api/usage?page=1&size=10"));
		assertThat(usage.read("$.total", Integer.class)).isEqualTo(1);
		assertThat(usage.read("$.items[0].feeDisplay", String.class)).isEqualTo("Included");
		assertThat(browser.get("/billing/api/usage?size=101").status()).isEqualTo(400);

		DocumentContext link = json(browser.get("/billing/api/portal-link"));
		assertThat(link.read("$.url", String.class)).startsWith("http://localhost:" + this.port + "/billing/portal/session?token=");
		Page portal = browser.get(link.read("$.url", String.class));
		assertThat(portal.path()).isEqualTo("/billing/portal");
		assertThat(portal.text("balance")).isEqualTo("Balance $4.35 USD");
	}

	@Test
	void theJsonApiIsBehindTheAppsSignIn() {
		Page page = new Browser(this.port).get("/billing/api/balance");
		assertThat(page.path()).isEqualTo("/sign-in");
	}

	private static Page signUp(Browser browser, String user) {
		Page page = browser.submit(browser.get("/sign-up"), "sign-up", Map.of("username", user, "password", PASSWORD));
		assertThat(page.path()).isEqualTo("/generate");
		return page;
	}

	private static DocumentContext json(Page page) {
		assertThat(page.status()).isEqualTo(200);
		return JsonPath.parse(page.body());
	}

}

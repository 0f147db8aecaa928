package io.credyt.sample;

import java.util.Map;

import io.credyt.test.AutoConfigureCredytTest;
import io.credyt.test.CredytTest;
import io.credyt.sample.Browser.Page;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.credyt.test.CredytAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-up, sign-in and what a user may see (their own images and billing portal; the dashboard
 * only as the operator), over HTTP on a database of its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:accounts-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				"sample.admin.password=" + AccountTests.OPERATOR_PASSWORD })
@AutoConfigureCredytTest
class AccountTests {

	static final String OPERATOR_PASSWORD = "operator password";

	@LocalServerPort
	private int port;

	@Autowired
	private CredytTest credyt;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void anonymousVisitorIsSentToSignIn() {
		Page page = new Browser(this.port).get("/generate");

		assertThat(page.path()).isEqualTo("/sign-in");
		assertThat(page.has("balance")).isFalse();
	}

	@Test
	void passwordIsStoredAsABcryptHash() {
		signUp(new Browser(this.port), "bcrypt-user");

		String hash = this.jdbc.sql("SELECT password FROM users WHERE username = ?")
			.param("bcrypt-user")
			.query(String.class)
			.single();
		assertThat(hash).startsWith("$2a$10$").doesNotContain("a long enough password");
	}

	@Test
	void takenUsernameIsRefused() {
		signUp(new Browser(this.port), "taken");
		Browser other = new Browser(this.port);

		Page page = other.submit(other.get("/sign-up"), "sign-up",
				Map.of("username", "Taken", "password", "another long password"));

		assertThat(page.status()).isEqualTo(400);
		assertThat(page.text("problem")).isEqualTo("The username taken is taken. Choose another, or sign in.");
		assertThat(other.get("/generate").path()).isEqualTo("/sign-in");
	}

	@Test
	void shortPasswordIsRefused() {
		Browser browser = new Browser(this.port);

		Page page = browser.submit(browser.get("/sign-up"), "sign-up", Map.of("username", "shorty", "password", "short"));

		assertThat(page.status()).isEqualTo(400);
		assertThat(page.text("problem")).isEqualTo("Choose a password of at least 8 characters.");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM users WHERE username = 'shorty'").query(Long.class).single())
			.isZero();
	}

	@Test
	void wrongPasswordIsRefused() {
		Browser browser = new Browser(this.port);
		signUp(browser, "forgetful");
		Page signedOut = browser.submit(browser.get("/generate"), "sign-out", Map.of());

		Page page = browser.submit(signedOut, "sign-in", Map.of("username", "forgetful", "password", "not my password"));

		assertThat(page.path()).isEqualTo("/sign-in");
		assertThat(page.text("problem")).isEqualTo("Wrong username or password.");
		assertThat(browser.get("/generate").path()).isEqualTo("/sign-in");
	}

	@Test
	void aTopUpLinkWithAnAmountTheLedgerCannotHoldShowsThePageWithoutTheAmount() {
		Browser browser = new Browser(this.port);
		signUp(browser, "link-editor");
		for (String required : new String[] { "1e-39999999", "1e999999999", "1e2147483647", "lots" }) {
			Page page = browser.get("/top-up?product=image&required=" + required);
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.has("required")).as(required).isFalse();
		}
		assertThat(browser.get("/top-up?product=image&required=0.25").text("required")).isEqualTo("$0.25");
	}

	@Test
	void imagesAreVisibleToTheirOwnerOnly() {
		Browser owner = new Browser(this.port);
		Page page = signUp(owner, "owner");
		page = owner.submit(page, "generate", Map.of("prompt", "My private picture"));
		String image = page.attribute("image", "src");
		Browser stranger = new Browser(this.port);
		signUp(stranger, "stranger");

		assertThat(owner.download(image).statusCode()).isEqualTo(200);
		assertThat(stranger.download(image).statusCode()).isEqualTo(404);
		assertThat(stranger.get(page.uri().toString()).has("image")).isFalse();
	}

	@Test
	void formPostWithoutTheCsrfTokenIsRefusedAndChargesNothing() {
		Browser browser = new Browser(this.port);
		signUp(browser, "csrf");

		Page page = browser.post("/generate", Map.of("prompt", "A forged request"));

		assertThat(page.status()).isEqualTo(403);
		assertThat(this.credyt.billing("csrf")).hasNoUsage().hasFreeUnits("image", 10);
	}

	@Test
	void emptyPromptIsRefusedAndChargesNothing() {
		Browser browser = new Browser(this.port);
		Page page = signUp(browser, "quiet");

		page = browser.submit(page, "generate", Map.of("prompt", "   "));

		assertThat(page.path()).isEqualTo("/generate");
		assertThat(page.text("problem")).isEqualTo("Describe the image you want in 1 to 500 characters.");
		assertThat(page.text("free-images")).isEqualTo("10 free images");
		assertThat(this.credyt.billing("quiet")).hasNoUsage();
	}

	@Test
	void manageBillingOpensTheBillingPortalOfTheSignedInUserInANewTab() {
		Browser browser = new Browser(this.port);
		Page page = signUp(browser, "payer");

		assertThat(page.attribute("manage-billing", "target")).isEqualTo("_blank");
		Page portal = browser.get(page.attribute("manage-billing", "href"));

		assertThat(portal.path()).isEqualTo("/billing/portal");
		assertThat(portal.status()).isEqualTo(200);
		assertThat(portal.text("brand-name")).isEqualTo("Credyt image demo");
		assertThat(portal.text("balance")).isEqualTo("Balance $0.00 USD");
		assertThat(portal.text("entitlements")).contains("Image : 10 of 10 images left");
		assertThat(portal.attribute("back-to-app", "href")).isEqualTo("/generate");
		assertThat(portal.text("support")).contains("support@example.com");
	}

	@Test
	void portalLinkOpensNothingForAnotherSignedInUser() {
		Browser owner = new Browser(this.port);
		String link = signUp(owner, "link-owner").attribute("manage-billing", "href");
		Browser other = new Browser(this.port);
		signUp(other, "link-finder");

		Page page = other.get(link);

		assertThat(page.status()).isEqualTo(401);
		assertThat(page.has("portal-unauthorized")).isTrue();
		assertThat(page.has("balance")).isFalse();
		assertThat(page.body()).doesNotContain("link-owner");
	}

	@Test
	void portalWithoutALinkIsRefused() {
		Browser browser = new Browser(this.port);
		signUp(browser, "no-link");

		Page page = browser.get("/billing/portal");

		assertThat(page.status()).isEqualTo(401);
		assertThat(page.has("portal-unauthorized")).isTrue();
		assertThat(page.has("balance")).isFalse();
	}

	@Test
	void dashboardIsRefusedToACustomer() {
		Browser browser = new Browser(this.port);
		Page page = signUp(browser, "curious");
		assertThat(page.has("dashboard")).isFalse();

		page = browser.get("/billing/admin");

		assertThat(page.status()).isEqualTo(403);
		assertThat(page.text("error-status")).isEqualTo("403 · Forbidden");
		assertThat(page.text("balance")).isEqualTo("$0.00");
		assertThat(page.has("customers")).isFalse();
	}

	@Test
	void operatorSignsInToTheDashboard() {
		Browser browser = new Browser(this.port);

		Page page = browser.get("/billing/admin");
		assertThat(page.path()).isEqualTo("/sign-in");
		page = browser.submit(page, "sign-in", Map.of("username", "admin", "password", OPERATOR_PASSWORD));

		assertThat(page.path()).isEqualTo("/billing/admin");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.has("customers")).isTrue();
		assertThat(browser.get("/generate").attribute("dashboard", "href")).isEqualTo("/billing/admin");
	}

	private static Page signUp(Browser browser, String username) {
		Page page = browser.submit(browser.get("/sign-up"), "sign-up",
				Map.of("username", username, "password", "a long enough password"));
		assertThat(page.path()).isEqualTo("/generate");
		return page;
	}

}

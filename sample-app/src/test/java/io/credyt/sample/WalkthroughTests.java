package io.credyt.sample;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.credyt.ledger.Balance;
import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageRecord;
import io.credyt.sample.Browser.Page;
import io.credyt.test.AutoConfigureCredytTest;
import io.credyt.test.CredytTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.credyt.test.CredytAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article's walkthrough, driven over HTTP as a user would: sign up, sign in, spend the ten
 * free images, get stopped (and charged nothing) at the eleventh, top up $5 in the billing portal
 * with the test checkout, then pay per image. Runs on every database the app supports.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureCredytTest
abstract class WalkthroughTests {

	private static final String USER = "alice";

	private static final String PASSWORD = "correct horse battery";

	/** How a portal link starts: the portal's session path, then the signed token. */
	private static final String PORTAL_LINK = "/billing/portal/session?token=";

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	@LocalServerPort
	private int port;

	@Autowired
	private Ledger ledger;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private CredytTest credyt;

	/**
	 * @return the database product the app must be running on, as JDBC names it
	 */
	abstract String expectedDatabase();

	@Test
	void signUpTenFreeImagesBlockedWithoutChargeThenPaidImagesAfterATopUp() throws SQLException {
		assertThat(databaseProduct()).isEqualTo(expectedDatabase());
		Browser browser = new Browser(this.port);

		Page page = browser.submit(browser.get("/sign-up"), "sign-up", Map.of("username", USER, "password", PASSWORD));
		assertThat(page.path()).isEqualTo("/generate");
		assertThat(page.text("balance")).isEqualTo("$0.00");

		page = browser.submit(page, "sign-out", Map.of());
		assertThat(page.path()).isEqualTo("/sign-in");
		assertThat(page.has("balance")).isFalse();
		page = browser.submit(page, "sign-in", Map.of("username", USER, "password", PASSWORD));

		assertThat(page.path()).isEqualTo("/generate");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.text("free-images")).isEqualTo("10 free images");
		assertThat(page.text("balance")).isEqualTo("$0.00");
		assertThat(page.attribute("manage-billing", "href")).startsWith(PORTAL_LINK);
		assertThat(page.attribute("manage-billing", "target")).isEqualTo("_blank");
		assertThat(page.has("blocked")).isFalse();

		for (int generated = 1; generated <= 10; generated++) {
			boolean hd = (generated == 10);
			page = generate(browser, page, "A lighthouse on a cliff at dawn, take " + generated, hd);
			int left = 10 - generated;
			assertThat(page.text("free-images")).isEqualTo(left + " free " + ((left == 1) ? "image" : "images"));
			assertThat(page.text("balance")).isEqualTo("$0.00");
			assertShowsAPng(browser, page);
		}
		assertThat(usage()).hasSize(10).allSatisfy((usage) -> assertThat(usage.fee()).isZero());
		assertThat(page.text("blocked")).contains("You're out of free images — top up to keep generating");

		Balance before = this.credyt.balance(USER);
		page = browser.submit(page, "generate", Map.of("prompt", "One image too many"));
		assertThat(page.redirects()).extracting((uri) -> uri.getPath()).contains("/top-up");
		assertThat(page.path()).isEqualTo("/top-up");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.text("top-up-prompt")).isEqualTo("You're out of free images — top up to keep generating");
		assertThat(page.text("nothing-charged")).contains("nothing was charged");
		assertThat(page.text("required")).isEqualTo("$0.25");
		assertThat(page.text("balance")).isEqualTo("$0.00");
		assertThat(this.credyt.billing(USER)).hasUsageCount("image", 10).hasNothingHeld();
		assertThat(this.credyt.balance(USER)).isEqualTo(before);

		page = browser.get(page.attribute("top-up-now", "href"));
		assertThat(page.path()).isEqualTo("/billing/portal");
		assertThat(page.text("balance")).isEqualTo("Balance $0.00 USD");
		page = browser.submit(page, "top-up-form", Map.of("preset", "5"));
		assertThat(page.path()).isEqualTo("/billing/test-checkout");
		assertThat(page.text("test-mode-banner")).startsWith("TEST MODE");
		assertThat(page.text("checkout-amount")).isEqualTo("$5.00");
		page = browser.submit(page, "checkout-form", Map.of("cardNumber", "4242 4242 4242 4242"));
		assertThat(page.path()).isEqualTo("/billing/portal");
		assertThat(page.text("flash")).isEqualTo("Added $5.00 to your balance.");
		assertThat(page.text("balance")).isEqualTo("Balance $5.00 USD");
		assertThat(paidGrants()).singleElement()
			.satisfies((grant) -> assertThat(grant.amount()).isEqualByComparingTo("5.00"));

		page = browser.get(page.attribute("back-to-app", "href"));
		assertThat(page.path()).isEqualTo("/generate");
		assertThat(page.text("balance")).isEqualTo("$5.00");
		assertThat(page.text("free-images")).isEqualTo("0 free images");
		assertThat(page.text("images-left")).isEqualTo("20 images left");
		assertThat(page.has("blocked")).isFalse();

		page = generate(browser, page, "A fox in the snow", false);
		assertThat(page.text("balance")).isEqualTo("$4.75");
		assertShowsAPng(browser, page);

		page = generate(browser, page, "A fox in the snow, in HD", true);
		assertThat(page.text("balance")).isEqualTo("$4.35");
		assertShowsAPng(browser, page);

		List<UsageRecord> usage = usage();
		assertThat(usage).hasSize(12);
		assertThat(usage.get(0).dimensions()).containsEntry("quality", "hd");
		assertThat(usage.get(0).fee()).isEqualByComparingTo("0.40");
		assertThat(usage.get(1).dimensions()).containsEntry("quality", "standard");
		assertThat(usage.get(1).fee()).isEqualByComparingTo("0.25");
		assertThat(this.credyt.billing(USER)).hasAvailable("4.35").hasUsageCount("image", 12).hasNothingHeld();

		Page portal = browser.get(page.attribute("manage-billing", "href"));
		assertThat(portal.path()).isEqualTo("/billing/portal");
		assertThat(portal.text("balance")).isEqualTo("Balance $4.35 USD");
		assertThat(portal.text("usage")).contains("quality: hd 1 image $0.40", "quality: standard 1 image $0.25",
				"quality: standard 1 image Included");
		assertThat(portal.text("transactions")).contains("Top-up +$5.00");
		assertThat(portal.text("payments")).contains("Top-up $5.00 Succeeded");
	}

	private static Page generate(Browser browser, Page page, String prompt, boolean hd) {
		Map<String, String> fields = hd ? Map.of("prompt", prompt, "hd", "true") : Map.of("prompt", prompt);
		Page result = browser.submit(page, "generate", fields);
		assertThat(result.path()).isEqualTo("/generate");
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.has("problem")).as("a problem shown: %s", result.body()).isFalse();
		return result;
	}

	private static void assertShowsAPng(Browser browser, Page page) {
		HttpResponse<byte[]> image = browser.download(page.attribute("image", "src"));
		assertThat(image.statusCode()).isEqualTo(200);
		assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(Arrays.copyOf(image.body(), PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
	}

	private List<CreditGrant> paidGrants() {
		return this.ledger.grants(USER).stream().filter((grant) -> grant.purpose() == GrantPurpose.PAID).toList();
	}

	private List<UsageRecord> usage() {
		return this.ledger.usage(USER, PageRequest.of(0, 100)).items();
	}

	private String databaseProduct() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName();
		}
	}

}

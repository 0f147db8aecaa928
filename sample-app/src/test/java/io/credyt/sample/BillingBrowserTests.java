package io.credyt.sample;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TestPaymentProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Billing in a real browser, through the app's pages, Credyt's billing portal, its test checkout
 * and its dashboard: topping up, a declined card, auto top-up, a tampered portal link, and what
 * the operator sees. Every test signs up a user of its own; the tests share one application on
 * one in-memory database. They save the screenshots in {@code docs/screenshots}; the dashboard's
 * test runs last so that its customer list shows everyone the others signed up.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:browser-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				"sample.admin.password=" + BillingBrowserTests.OPERATOR_PASSWORD })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BillingBrowserTests {

	static final String OPERATOR_PASSWORD = "operator password";

	private static final String PASSWORD = "a long enough password";

	private static final String PORTAL_LINK = "/billing/portal/session?token=";

	@LocalServerPort
	private int port;

	@Autowired
	private Ledger ledger;

	@Autowired
	private PaymentStore payments;

	private final List<Chrome> browsers = new ArrayList<>();

	@AfterEach
	void closeBrowsers() {
		this.browsers.forEach(Chrome::close);
	}

	@Test
	@Order(1)
	void topUpInThePortalPaysForImagesBackInTheApp() {
		Chrome chrome = browser();
		signUp(chrome, "ada");
		spendTheFreeImages(chrome);
		generate(chrome, "One image too many", false);
		chrome.waitForPath("/top-up");
		assertThat(chrome.text("top-up-prompt")).isEqualTo("You're out of free images — top up to keep generating");
		assertThat(chrome.text("balance")).isEqualTo("$0.00");
		assertThat(chrome.find("top-up-now").getDomAttribute("href")).startsWith(PORTAL_LINK);
		chrome.screenshot("app-top-up", 1280);

		String app = openThePortalFromTheHeader(chrome);
		assertThat(portalBalance(chrome)).isEqualTo("$0.00");
		chrome.clickAndWait(preset("5"));
		chrome.waitForPath("/billing/test-checkout");
		assertThat(chrome.text("test-mode-banner")).startsWith("TEST MODE");
		assertThat(chrome.text("checkout-amount")).isEqualTo("$5.00");
		chrome.type("card-number", TestPaymentProvider.SUCCEEDS);
		chrome.screenshot("test-checkout", 1280);
		chrome.clickAndWait("pay");

		chrome.waitForPath("/billing/portal");
		chrome.waitForText("flash", "Added $5.00 to your balance.");
		assertThat(portalBalance(chrome)).isEqualTo("$5.00");
		assertThat(chrome.text("payments")).contains("Top-up $5.00 Succeeded");
		chrome.screenshot("portal", 1280);
		chrome.screenshot("portal-mobile", 390);

		chrome.switchTo(app);
		chrome.open("/generate");
		chrome.waitForText("balance", "$5.00");
		assertThat(chrome.has("blocked")).isFalse();
		generate(chrome, "A fox in the snow", false);
		chrome.waitForText("balance", "$4.75");
		chrome.screenshot("app-generate", 1280);

		assertThat(paidGrants("ada")).singleElement().satisfies((grant) -> {
			assertThat(grant.amount()).isEqualByComparingTo("5.00");
			assertThat(grant.asset()).isEqualTo("USD");
		});
		assertThat(this.ledger.balance("ada").available("USD")).isEqualByComparingTo("4.75");
	}

	@Test
	@Order(2)
	void declinedCardCreditsNothingAndShowsWhy() {
		Chrome chrome = browser();
		signUp(chrome, "ben");
		String app = openThePortalFromTheHeader(chrome);
		chrome.clickAndWait(preset("5"));
		chrome.waitForPath("/billing/test-checkout");
		chrome.type("card-number", TestPaymentProvider.DECLINED);
		chrome.clickAndWait("pay");

		chrome.waitForText("checkout-error", "Your card was declined.");
		assertThat(chrome.path()).isEqualTo("/billing/test-checkout");
		chrome.clickAndWait("checkout-cancel");
		chrome.waitForPath("/billing/portal");
		chrome.waitForText("flash", "The top-up was cancelled; nothing was charged.");
		assertThat(portalBalance(chrome)).isEqualTo("$0.00");
		assertThat(chrome.text("payments")).contains("Top-up $5.00 Failed", "Your card was declined.");

		chrome.switchTo(app);
		chrome.open("/generate");
		chrome.waitForText("balance", "$0.00");
		assertThat(paidGrants("ben")).isEmpty();
		assertThat(this.ledger.balance("ben").available("USD")).isZero();
		assertThat(payments("ben")).singleElement().satisfies((payment) -> {
			assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
			assertThat(payment.failureReason()).isEqualTo("Your card was declined.");
			assertThat(payment.amount()).isEqualByComparingTo("5.00");
		});
	}

	@Test
	@Order(3)
	void autoTopUpSetInThePortalFiresWhenTheBalanceCrossesTheThreshold() {
		Chrome chrome = browser();
		signUp(chrome, "cleo");
		String app = openThePortalFromTheHeader(chrome);
		String portal = chrome.handle();
		chrome.check(By.id("top-up-save-card"), true);
		chrome.clickAndWait(preset("5"));
		chrome.waitForPath("/billing/test-checkout");
		assertThat(chrome.find("save-card").isSelected()).isTrue();
		chrome.type("card-number", TestPaymentProvider.SUCCEEDS);
		chrome.clickAndWait("pay");
		chrome.waitForText("flash", "Added $5.00 to your balance.");

		chrome.check(By.cssSelector("#auto-top-up-form input[name='enabled']"), true);
		chrome.type("auto-top-up-threshold", "4.60");
		chrome.type("auto-top-up-amount", "10");
		new Select(chrome.find("auto-top-up-card")).selectByVisibleText("Test card ending 4242");
		chrome.clickAndWait("auto-top-up-submit");
		chrome.waitForText("flash", "Auto top-up is on.");
		assertThat(chrome.text("auto-top-up-status")).contains("Status\nOn", "Last attempt\nNone yet");

		chrome.switchTo(app);
		chrome.open("/generate");
		chrome.waitForText("balance", "$5.00");
		spendTheFreeImages(chrome);
		chrome.waitForText("balance", "$5.00");
		generate(chrome, "The first paid picture", false);
		chrome.waitForText("balance", "$4.75");
		assertThat(autoTopUps("cleo")).isEmpty();
		generate(chrome, "The picture that crosses the line", false);
		// the top-up is charged after the debit commits, on its own thread: the page that
		// answered the debit may predate the credit, the next one shows it
		awaitAvailable("cleo", "14.50");
		chrome.open("/generate");
		chrome.waitForText("balance", "$14.50");

		chrome.switchTo(portal);
		chrome.open("/billing/portal");
		assertThat(portalBalance(chrome)).isEqualTo("$14.50");
		assertThat(chrome.text("auto-top-up-status")).contains("Status\nOn", "· Succeeded", "Attempts today\n1");
		assertThat(chrome.text("payments")).contains("Auto top-up $10.00 Succeeded", "Top-up $5.00 Succeeded");
		chrome.screenshot("portal-auto-top-up", 1280);

		assertThat(autoTopUps("cleo")).singleElement().satisfies((payment) -> {
			assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
			assertThat(payment.amount()).isEqualByComparingTo("10.00");
		});
		assertThat(paidGrants("cleo")).extracting(CreditGrant::amount)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactlyInAnyOrder(new BigDecimal("5.00"), new BigDecimal("10.00"));
		assertThat(this.ledger.balance("cleo").available("USD")).isEqualByComparingTo("14.50");
	}

	@Test
	@Order(4)
	void tamperedPortalLinkIsRefused() {
		Chrome chrome = browser();
		signUp(chrome, "dan");
		String link = chrome.find("manage-billing").getDomAttribute("href");
		assertThat(link).startsWith(PORTAL_LINK);
		String token = link.substring(PORTAL_LINK.length());
		int dot = token.indexOf('.');
		String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
		assertThat(payload).endsWith(".dan");
		String otherCustomer = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(payload.replaceFirst("dan$", "ada").getBytes(StandardCharsets.UTF_8));
		char signatureCharacter = token.charAt(dot + 10);
		List<String> tampered = List.of(PORTAL_LINK + otherCustomer + token.substring(dot),
				PORTAL_LINK + token.substring(0, dot + 10) + ((signatureCharacter == 'A') ? 'B' : 'A')
						+ token.substring(dot + 11));
		Chrome stranger = browser();

		for (String bad : tampered) {
			stranger.open(bad);
			assertThat(stranger.text("portal-unauthorized")).contains("This billing link is invalid or has expired");
			assertThat(stranger.has("balance")).isFalse();
			chrome.open(bad);
			assertThat(chrome.text("portal-unauthorized")).contains("This billing link is invalid or has expired");
			assertThat(chrome.has("balance")).isFalse();
		}
		stranger.open("/billing/portal");
		assertThat(stranger.text("portal-unauthorized")).contains("This billing link is invalid or has expired");
		assertThat(stranger.has("balance")).isFalse();

		chrome.open(link);
		chrome.waitForPath("/billing/portal");
		assertThat(portalBalance(chrome)).isEqualTo("$0.00");
		assertThat(chrome.text("account")).isEqualTo("Billing for dan");

		// the link has opened the portal once: in another browser it opens nothing
		stranger.open(link);
		assertThat(stranger.text("portal-unauthorized")).contains("This billing link is invalid or has expired");
		assertThat(stranger.has("balance")).isFalse();
	}

	@Test
	@Order(5)
	void dashboardShowsTheChargeAndTheTopUp() {
		Chrome chrome = browser();
		signUp(chrome, "eva");
		spendTheFreeImages(chrome);
		String app = openThePortalFromTheHeader(chrome);
		chrome.clickAndWait(preset("5"));
		chrome.waitForPath("/billing/test-checkout");
		chrome.type("card-number", TestPaymentProvider.SUCCEEDS);
		chrome.clickAndWait("pay");
		chrome.waitForText("flash", "Added $5.00 to your balance.");
		chrome.switchTo(app);
		chrome.open("/generate");
		generate(chrome, "A paid picture in HD", true);
		chrome.waitForText("balance", "$4.60");

		chrome.open("/billing/admin");
		chrome.waitForText("error-status", "403 · Forbidden");
		assertThat(chrome.has("customers")).isFalse();

		Chrome operator = browser();
		signInAsOperator(operator, "/billing/admin");
		assertThat(rows(operator, "#customers .customer-row"))
			.anySatisfy((row) -> assertThat(row).startsWith("eva $4.60"));
		operator.screenshot("dashboard", 1280);

		operator.typeAndSubmit("customer-search", "eva");
		assertThat(rows(operator, "#customers .customer-row")).singleElement()
			.satisfies((row) -> assertThat(row).startsWith("eva $4.60"));
		operator.clickAndWait(By.linkText("eva"));
		operator.waitForPath("/billing/admin/customers/eva");
		assertThat(operator.text("customer-id")).isEqualTo("eva");
		assertThat(rows(operator, "#usage .usage-row")).hasSize(11)
			.first()
			.satisfies((row) -> assertThat(row).contains("image 1 quality=hd $0.40 0 $0.40"));
		assertThat(rows(operator, "#top-ups .top-up-row")).singleElement()
			.satisfies((row) -> assertThat(row).contains("SUCCEEDED $5.00", "CHECKOUT"));
		operator.screenshot("dashboard-customer", 1280);

		operator.clickAndWait("nav-charges");
		assertThat(rows(operator, "#charges .charge-row"))
			.anySatisfy((row) -> assertThat(row).contains("eva image 1 quality=hd $0.40"));
		operator.clickAndWait("nav-top-ups");
		assertThat(rows(operator, "#all-top-ups .top-up-row"))
			.anySatisfy((row) -> assertThat(row).contains("eva SUCCEEDED $5.00"));
	}

	private Chrome browser() {
		Chrome chrome = Chrome.start(this.port);
		this.browsers.add(chrome);
		return chrome;
	}

	private static void signUp(Chrome chrome, String username) {
		signUp(chrome, username, "10 free images");
	}

	/**
	 * Signs up through the app's form and waits for the generate page.
	 * @param chrome a browser nobody is signed in to
	 * @param username the new user, also the Credyt customer
	 * @param freeImages what the header says of the free images the sign-up gave
	 */
	static void signUp(Chrome chrome, String username, String freeImages) {
		chrome.open("/sign-up");
		chrome.type("username", username);
		chrome.type("password", PASSWORD);
		chrome.clickAndWait("sign-up-submit");
		chrome.waitForPath("/generate");
		chrome.waitForText("free-images", freeImages);
		assertThat(chrome.text("balance")).isEqualTo("$0.00");
	}

	private static void spendTheFreeImages(Chrome chrome) {
		for (int left = 9; left >= 0; left--) {
			generate(chrome, "A lighthouse on a cliff at dawn, take " + (10 - left), false);
			chrome.waitForPath("/generate");
			chrome.waitForText("free-images", left + " free " + ((left == 1) ? "image" : "images"));
		}
	}

	static void generate(Chrome chrome, String prompt, boolean hd) {
		chrome.type("prompt", prompt);
		chrome.check(By.id("hd"), hd);
		chrome.clickAndWait("generate-submit");
	}

	/**
	 * Clicks "Manage billing" in the header and switches to the tab it opens on the portal.
	 * @return the handle of the app's tab
	 */
	static String openThePortalFromTheHeader(Chrome chrome) {
		WebElement link = chrome.find("manage-billing");
		assertThat(link.getDomAttribute("href")).startsWith(PORTAL_LINK);
		assertThat(link.getDomAttribute("target")).isEqualTo("_blank");
		link.click();
		String app = chrome.switchToNewTab();
		chrome.waitForPath("/billing/portal");
		return app;
	}

	/**
	 * Opens a dashboard page, signs in as the operator on the sign-in page it leads to, and waits
	 * to be back on the page.
	 * @param chrome a browser nobody is signed in to
	 * @param path the dashboard page
	 */
	static void signInAsOperator(Chrome chrome, String path) {
		chrome.open(path);
		chrome.waitForPath("/sign-in");
		chrome.type("username", "admin");
		chrome.type("password", OPERATOR_PASSWORD);
		chrome.clickAndWait("sign-in-submit");
		chrome.waitForPath(path);
	}

	static By preset(String amount) {
		return By.cssSelector("#top-up-form button[data-amount='" + amount + "']");
	}

	static String portalBalance(Chrome chrome) {
		return chrome.text(By.cssSelector("#balance [data-asset='USD'] .amount"));
	}

	static List<String> rows(Chrome chrome, String selector) {
		return chrome.driver().findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
	}

	private List<CreditGrant> paidGrants(String customer) {
		return this.ledger.grants(customer).stream().filter((grant) -> grant.purpose() == GrantPurpose.PAID).toList();
	}

	private List<PaymentRecord> payments(String customer) {
		return this.payments.payments(customer, PageRequest.of(0, 100)).items();
	}

	private void awaitAvailable(String customer, String amount) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.ledger.balance(customer).available("USD").compareTo(new BigDecimal(amount)) != 0) {
			assertThat(System.nanoTime()).as("%s's available balance reaching %s", customer, amount).isLessThan(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private List<PaymentRecord> autoTopUps(String customer) {
		return payments(customer).stream().filter((payment) -> payment.kind() == PaymentKind.AUTO_TOP_UP).toList();
	}

}

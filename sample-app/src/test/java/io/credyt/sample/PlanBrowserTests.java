package io.credyt.sample;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.credyt.sample.BillingBrowserTests.generate;
import static io.credyt.sample.BillingBrowserTests.openThePortalFromTheHeader;
import static io.credyt.sample.BillingBrowserTests.portalBalance;
import static io.credyt.sample.BillingBrowserTests.signUp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app's Pro plan in a real browser: a new user subscribes in the billing portal, pays
 * the first month at the test checkout, and back in the app the header shows the month's images
 * counting down. Saves {@code docs/screenshots/portal-subscription.png}, the portal's plan section.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:browser-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class PlanBrowserTests {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	@LocalServerPort
	private int port;

	@Autowired
	private Ledger ledger;

	@Autowired
	private PaymentStore payments;

	@Autowired
	private Subscriptions subscriptions;

	private final List<Chrome> browsers = new ArrayList<>();

	@AfterEach
	void closeBrowsers() {
		this.browsers.forEach(Chrome::close);
	}

	@Test
	void proPaidByCardGivesTwoHundredImagesThatTheHeaderCountsDownAndIsNoTopUp() {
		Chrome chrome = browser();
		signUp(chrome, "gus", "10 free images");
		assertThat(chrome.has("plan")).as("no plan in the header before subscribing").isFalse();
		assertThat(chrome.text("standard-price")).isEqualTo("$0.25");

		String app = openThePortalFromTheHeader(chrome);
		By pro = By.cssSelector("#plan .plan-offer[data-plan='pro']");
		assertThat(chrome.text(pro)).contains("Pro", "$20.00 / month", "200 images included",
				"then $0.20 / image, $0.35 / image (quality: hd)");
		chrome.clickAndWait(By.cssSelector("#plan .plan-offer[data-plan='pro'] .plan-card-form button"));
		chrome.waitForPath("/billing/test-checkout");
		assertThat(chrome.text("checkout-amount")).isEqualTo("$20.00");
		assertThat(chrome.text("checkout-plan")).contains("Pro");
		chrome.type("card-number", TestPaymentProvider.SUCCEEDS);
		chrome.clickAndWait("pay");

		chrome.waitForPath("/billing/portal");
		Subscription subscription = this.subscriptions.subscription("gus").orElseThrow();
		assertThat(subscription.status()).isEqualTo(SubscriptionStatus.ACTIVE);
		Instant renews = subscription.periodEnd();
		chrome.waitForText("flash", "You're on Pro. It renews on " + DATE.format(renews) + ".");
		assertThat(chrome.text("plan-name")).isEqualTo("Pro");
		assertThat(chrome.text("plan-status")).isEqualTo("Active");
		assertThat(chrome.text("plan-when")).isEqualTo("Renews " + DATE.format(renews));
		assertThat(chrome.text("plan-allowances")).isEqualTo("200 of 200 images left");
		assertThat(chrome.text("plan-paid-by")).isEqualTo("Paid by Test card ending 4242");
		assertThat(portalBalance(chrome)).isEqualTo("$0.00");
		assertThat(chrome.text("payments")).contains("Pro subscription $20.00 Succeeded");
		chrome.screenshotOf("plan", "portal-subscription", 1280);

		chrome.switchTo(app);
		chrome.open("/generate");
		String renewsOn = " · renews " + DAY.format(renews);
		chrome.waitForText("plan", "Pro · 200 of 200 images left" + renewsOn);
		assertThat(chrome.text("balance")).isEqualTo("$0.00");
		assertThat(chrome.text("standard-price")).isEqualTo("$0.20");
		assertThat(chrome.text("hd-price")).isEqualTo("$0.35");
		generate(chrome, "A lighthouse on a cliff at dawn", false);
		chrome.waitForPath("/generate");
		chrome.waitForText("plan", "Pro · 199 of 200 images left" + renewsOn);
		assertThat(chrome.text("balance")).isEqualTo("$0.00");

		// the fee paid for the plan, not for value in the wallet
		assertThat(this.ledger.balance("gus").available("USD")).isZero();
		assertThat(this.ledger.grants("gus")).noneMatch((grant) -> grant.purpose() == GrantPurpose.PAID);
		assertThat(this.subscriptions.charges("gus")).singleElement()
			.satisfies((charge) -> assertThat(charge.amount()).isEqualByComparingTo("20.00"));
		assertThat(this.payments.payments("gus", PageRequest.of(0, 10)).items()).singleElement()
			.satisfies((payment) -> {
				assertThat(payment.kind()).isEqualTo(PaymentKind.SUBSCRIPTION);
				assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
				assertThat(payment.amount()).isEqualByComparingTo("20.00");
			});
	}

	private Chrome browser() {
		Chrome chrome = Chrome.start(this.port);
		this.browsers.add(chrome);
		return chrome;
	}

}

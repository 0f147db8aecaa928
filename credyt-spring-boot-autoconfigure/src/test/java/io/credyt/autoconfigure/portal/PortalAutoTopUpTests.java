package io.credyt.autoconfigure.portal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.test.web.servlet.MvcResult;

import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;
import io.credyt.money.Money;
import io.credyt.payment.AutoTopUpSettings;
import io.credyt.payment.AutoTopUpStatus;
import io.credyt.payment.AutoTopUps;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.TestPaymentProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer's own auto top-up, set up and watched from the portal.
 */
class PortalAutoTopUpTests {

	private final WebApplicationContextRunner runner = Portals.runner();

	@Test
	void withoutASavedCardThePortalSaysHowToSaveOne() {
		this.runner.run((context) -> {
			Document portal = PortalTopUpTests.openPortal(context, "alice").page("/billing/portal");
			assertThat(portal.selectFirst("#no-saved-card").text()).contains("Save this card for auto top-up");
			assertThat(portal.selectFirst("#auto-top-up-form input[name=enabled]").hasAttr("checked")).isFalse();
			assertThat(portal.selectFirst("#auto-top-up-status").text()).contains("Off", "None yet");
		});
	}

	@Test
	void theFormSavesTheSettings() {
		this.runner.run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			topUpSavingCard(browser, TestPaymentProvider.SUCCEEDS);
			Document before = browser.page("/billing/portal");
			assertThat(before.selectFirst("#no-saved-card")).isNull();
			assertThat(before.select("#auto-top-up-form select[name=paymentMethod] option").eachAttr("value"))
				.containsExactly("test_pm_4242");

			MvcResult saved = configure(browser, "true", "2.50", "20", "test_pm_4242");
			assertThat(Browser.seeOther(saved)).isEqualTo("/billing/portal#auto-top-up");
			Document after = Browser.document(browser.follow(saved));
			assertThat(after.selectFirst("#flash").text()).isEqualTo("Auto top-up is on.");
			assertThat(after.selectFirst("#auto-top-up-form input[name=enabled]").hasAttr("checked")).isTrue();
			assertThat(after.selectFirst("#auto-top-up-form input[name=threshold]").val()).isEqualTo("2.5");
			assertThat(after.selectFirst("#auto-top-up-form input[name=amount]").val()).isEqualTo("20");
			assertThat(after.selectFirst("#auto-top-up-form option[selected]").val()).isEqualTo("test_pm_4242");
			assertThat(after.selectFirst("#auto-top-up-status").text()).contains("On");
			assertThat(context.getBean(AutoTopUps.class).status("alice")).hasValueSatisfying((status) -> assertThat(
					status.settings())
				.usingRecursiveComparison()
				.withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
				.isEqualTo(new AutoTopUpSettings(true, new BigDecimal("2.50"),
						new BigDecimal("20"), "test_pm_4242")));

			Document off = Browser.document(browser.follow(configure(browser, null, "2.50", "20", "test_pm_4242")));
			assertThat(off.selectFirst("#flash").text()).isEqualTo("Auto top-up is off.");
			assertThat(context.getBean(AutoTopUps.class).status("alice").get().settings().enabled()).isFalse();
		});
	}

	@Test
	void badSettingsShowTheReasonAndSaveNothing() {
		this.runner.run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			topUpSavingCard(browser, TestPaymentProvider.SUCCEEDS);
			assertRefused(browser, "Threshold must not be negative, was -1.", "true", "-1", "20", "test_pm_4242");
			assertRefused(browser, "Amount must be at least 5.00 USD, was 1.", "true", "2", "1", "test_pm_4242");
			assertRefused(browser, "Threshold must be a number such as 12.50, was 'lots'.", "true", "lots", "20", "test_pm_4242");
			assertRefused(browser, "Amount is required.", "true", "2", "", "test_pm_4242");
			assertRefused(browser, "A saved card is required to turn auto top-up on.", "true", "2", "20", "");
			assertRefused(browser, "Card is not one of your saved cards.", "true", "2", "20", "test_pm_0002");
			assertThat(context.getBean(AutoTopUps.class).status("alice")).isEmpty();
		});
	}

	@Test
	void settingsTheLedgerCannotHoldAreRefusedWithoutBeingWrittenOutAndSaveNothing() {
		this.runner.run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			topUpSavingCard(browser, TestPaymentProvider.SUCCEEDS);
			for (String attack : List.of("1e999999999", "1e2147483647", "1e-39999999", "1" + "0".repeat(10_000))) {
				assertRefused(browser, "Threshold must be a number such as 12.50, was '" + Money.echo(attack) + "'.",
						"true", attack, "20", "test_pm_4242");
				assertRefused(browser, "Amount must be a number such as 12.50, was '" + Money.echo(attack) + "'.",
						"true", "2", attack, "test_pm_4242");
			}
			String tooLarge = "1" + "0".repeat(20);
			assertRefused(browser, "Threshold is too large (below " + tooLarge + "), was " + Money.echo(tooLarge) + ".",
					"true", tooLarge, "20", "test_pm_4242");
			assertThat(context.getBean(AutoTopUps.class).status("alice")).isEmpty();
		});
	}

	@Test
	void aFailedAutoTopUpShowsItsReasonTheCooldownAndThePayment() {
		this.runner.run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			topUpSavingCard(browser, TestPaymentProvider.SUCCEEDS);
			topUpSavingCard(browser, TestPaymentProvider.DECLINED);
			Browser.seeOther(configure(browser, "true", "9.50", "10", "test_pm_0002"));
			recordAndAwaitTheAutoTopUp(context);

			Document portal = browser.page("/billing/portal");
			String status = portal.selectFirst("#auto-top-up-status").text();
			assertThat(status).contains("Failed", TestPaymentProvider.DECLINED_REASON, "Paused until");
			assertThat(portal.selectFirst("#auto-top-up-status").text()).contains("Attempts today 1");
			assertThat(portal.select("#payments tbody tr").eachText()).anySatisfy((row) -> assertThat(row)
				.contains("Auto top-up", "$10.00", "Failed", TestPaymentProvider.DECLINED_REASON));
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("9.00");
		});
	}

	@Test
	void aSuccessfulAutoTopUpIsCreditedAndListed() {
		this.runner.run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			topUpSavingCard(browser, TestPaymentProvider.SUCCEEDS);
			Browser.seeOther(configure(browser, "true", "9.50", "10", "test_pm_4242"));
			recordAndAwaitTheAutoTopUp(context);

			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("19.00");
			Document portal = browser.page("/billing/portal");
			assertThat(portal.selectFirst("#auto-top-up-status").text()).contains("Succeeded");
			assertThat(PortalTopUpTests.payments(context, "alice")).anySatisfy((payment) -> {
				assertThat(payment.kind()).isEqualTo(PaymentKind.AUTO_TOP_UP);
				assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
			});
			assertThat(portal.select("#payments tbody tr").eachText())
				.anySatisfy((row) -> assertThat(row).contains("Auto top-up", "$10.00", "Succeeded"));
		});
	}

	@Test
	void theAutoTopUpSectionIsLeftOutWhenAutoTopUpIsOff() {
		this.runner.withPropertyValues("credyt.auto-top-up.enabled=false").run((context) -> {
			Browser browser = PortalTopUpTests.openPortal(context, "alice");
			Document portal = browser.page("/billing/portal");
			assertThat(portal.selectFirst("#auto-top-up-form")).isNull();
			assertThat(portal.selectFirst("#top-up-form")).isNotNull();
			assertThat(browser.post("/billing/portal/auto-top-up", "enabled", "true").getResponse().getStatus())
				.isEqualTo(404);
		});
	}

	/** Tops up $10 with a card, saving it; a declined card is saved all the same. */
	private static void topUpSavingCard(Browser browser, String card) throws Exception {
		String checkout = PortalTopUpTests.startTopUp(browser, "preset", "10", "saveCard", "true");
		MvcResult paid = PortalTopUpTests.pay(browser, checkout, card, true);
		if (paid.getResponse().getStatus() == 303) {
			browser.follow(browser.get(Browser.seeOther(paid)));
		}
	}

	private static MvcResult configure(Browser browser, String enabled, String threshold, String amount,
			String paymentMethod) throws Exception {
		List<String> fields = new ArrayList<>(
				List.of("threshold", threshold, "amount", amount, "paymentMethod", paymentMethod));
		if (enabled != null) {
			fields.addAll(List.of("enabled", enabled));
		}
		return browser.post("/billing/portal/auto-top-up", fields.toArray(String[]::new));
	}

	private static void assertRefused(Browser browser, String message, String enabled, String threshold,
			String amount, String paymentMethod) throws Exception {
		MvcResult refused = configure(browser, enabled, threshold, amount, paymentMethod);
		assertThat(Browser.seeOther(refused)).isEqualTo("/billing/portal#auto-top-up");
		assertThat(Browser.document(browser.follow(refused)).selectFirst("#error").text()).isEqualTo(message);
	}

	/**
	 * A usage that crosses the threshold, then the auto top-up it claimed: charged on the auto
	 * top-up executor once the debit has committed.
	 */
	private static void recordAndAwaitTheAutoTopUp(AssertableWebApplicationContext context) {
		context.getBean(Ledger.class).record(UsageEvent.of("v1", "alice", "video", 1));
		AutoTopUps autoTopUps = context.getBean(AutoTopUps.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			AutoTopUpStatus status = autoTopUps.status("alice").orElseThrow();
			assertThat(status.lastStatus()).isIn(PaymentStatus.SUCCEEDED, PaymentStatus.FAILED);
			assertThat(status.inFlightSince()).isNull();
		});
	}

}

package io.credyt.autoconfigure.portal;

import java.util.ArrayList;
import java.util.List;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import io.credyt.ledger.CreditGrant;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TestPaymentProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Manual top-ups from the portal, paid at the test provider's checkout.
 */
class PortalTopUpTests {

	private final WebApplicationContextRunner runner = Portals.runner();

	@Test
	void aTopUpPaidWithTheSucceedingCardIsCreditedOnceEvenWhenTheReturnIsOpenedTwice() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			String checkout = startTopUp(browser, "preset", "10");
			assertThat(checkout).startsWith("/billing/test-checkout?session=");
			Document form = browser.page(checkout);
			assertThat(form.selectFirst("#test-mode-banner").text()).contains("TEST MODE");
			assertThat(form.selectFirst("#checkout-amount").text()).isEqualTo("$10.00");

			MvcResult paid = pay(browser, checkout, TestPaymentProvider.SUCCEEDS, false);
			String returnUrl = Browser.seeOther(paid);
			assertThat(returnUrl).startsWith("http://localhost/billing/portal/top-up/return?session_id=test_cs_");
			assertThat(Portals.dollars(context, "alice")).isZero();

			MvcResult returned = browser.get(returnUrl);
			assertThat(Browser.seeOther(returned)).isEqualTo("/billing/portal");
			Document portal = Browser.document(browser.follow(returned));
			assertThat(portal.selectFirst("#flash").text()).isEqualTo("Added $10.00 to your balance.");
			assertThat(portal.selectFirst("#balance").text()).contains("$10.00");
			assertThat(portal.selectFirst("#payments tbody").text()).contains("Top-up", "$10.00", "Succeeded");

			Browser.seeOther(browser.get(returnUrl));
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("10.00");
			assertThat(paidGrants(context, "alice")).hasSize(1);
			assertThat(payments(context, "alice")).singleElement()
				.satisfies((payment) -> assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED));
		});
	}

	@Test
	void aTypedAmountIsPaidWhenNoPresetIsClicked() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			String checkout = startTopUp(browser, "amount", "12.50");
			assertThat(browser.page(checkout).selectFirst("#checkout-amount").text()).isEqualTo("$12.50");
			browser.get(Browser.seeOther(pay(browser, checkout, TestPaymentProvider.SUCCEEDS, false)));
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("12.50");
		});
	}

	@Test
	void theClickedPresetWinsOverATypedAmount() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			String checkout = startTopUp(browser, "amount", "12.50", "preset", "25");
			assertThat(browser.page(checkout).selectFirst("#checkout-amount").text()).isEqualTo("$25.00");
		});
	}

	@Test
	void theSameFormSentTwiceStartsOneCheckoutAndAnotherAmountStartsAnother() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			String key = browser.page("/billing/portal").selectFirst("#top-up-form input[name=idempotencyKey]").val();
			String first = Browser.seeOther(browser.post("/billing/portal/top-up", "preset", "10", "idempotencyKey", key));
			String again = Browser.seeOther(browser.post("/billing/portal/top-up", "preset", "10", "idempotencyKey", key));
			String other = Browser.seeOther(browser.post("/billing/portal/top-up", "preset", "25", "idempotencyKey", key));
			assertThat(again).isEqualTo(first);
			assertThat(other).isNotEqualTo(first);
			assertThat(payments(context, "alice")).hasSize(2);
		});
	}

	@Test
	void aRefusedAmountShowsTheReasonAndStartsNothing() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			for (String amount : List.of("1", "501", "10.001", "ten", "")) {
				MvcResult refused = browser.post("/billing/portal/top-up", "amount", amount);
				assertThat(Browser.seeOther(refused)).isEqualTo("/billing/portal#top-up");
				Document portal = Browser.document(browser.follow(refused));
				assertThat(portal.selectFirst("#error").text()).startsWith("Amount ");
			}
			Document portal = Browser.document(browser.follow(browser.post("/billing/portal/top-up", "amount", "1")));
			assertThat(portal.selectFirst("#error").text()).isEqualTo("Amount must be at least 5.00 USD, was 1.");
			assertThat(payments(context, "alice")).isEmpty();
		});
	}

	@Test
	void anAmountTheLedgerCannotHoldIsRefusedWithoutBeingWrittenOutAndStartsNothing() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			for (String attack : List.of("1e999999999", "1e2147483647", "1e-39999999", "5" + "0".repeat(10_000),
					"1E+2147483647")) {
				for (String field : List.of("amount", "preset")) {
					MvcResult refused = browser.post("/billing/portal/top-up", field, attack);
					assertThat(Browser.seeOther(refused)).isEqualTo("/billing/portal#top-up");
					String error = Browser.document(browser.follow(refused)).selectFirst("#error").text();
					assertThat(error).startsWith("Amount must be a number such as 12.50, was '")
						.hasSizeLessThan(100);
				}
			}
			assertThat(payments(context, "alice")).isEmpty();
			assertThat(Portals.dollars(context, "alice")).isZero();
		});
	}

	@Test
	void aDeclinedCardCreditsNothingAndIsShownOnTheCheckoutAndInThePortal() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			String checkout = startTopUp(browser, "preset", "10");
			MvcResult declined = pay(browser, checkout, TestPaymentProvider.DECLINED, false);
			assertThat(declined.getResponse().getStatus()).isEqualTo(402);
			Document form = Browser.document(declined);
			assertThat(form.selectFirst("#checkout-error").text()).isEqualTo(TestPaymentProvider.DECLINED_REASON);
			assertThat(form.selectFirst("#checkout-cancel").attr("href"))
				.isEqualTo("http://localhost/billing/portal?topup=cancelled");
			assertThat(form.selectFirst("#card-number")).isNotNull();
			assertThat(form.selectFirst("#pay")).isNotNull();
			assertThat(Portals.dollars(context, "alice")).isZero();

			Document portal = browser.page(form.selectFirst("#checkout-cancel").attr("href"));
			assertThat(portal.selectFirst("#flash").text()).contains("cancelled");
			assertThat(portal.selectFirst("#payments tbody").text()).contains("Failed",
					TestPaymentProvider.DECLINED_REASON);
			assertThat(payments(context, "alice")).singleElement()
				.satisfies((payment) -> assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED));
			assertThat(paidGrants(context, "alice")).isEmpty();
		});
	}

	@Test
	void insufficientFundsAreShownWithTheirReason() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			String checkout = startTopUp(browser, "preset", "10");
			Document form = Browser.document(pay(browser, checkout, TestPaymentProvider.INSUFFICIENT_FUNDS, false));
			assertThat(form.selectFirst("#checkout-error").text())
				.isEqualTo(TestPaymentProvider.INSUFFICIENT_FUNDS_REASON);
			assertThat(Portals.dollars(context, "alice")).isZero();
		});
	}

	@Test
	void aDeclinedCardCanBeFollowedByOneThatPays() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			String checkout = startTopUp(browser, "preset", "10");
			pay(browser, checkout, TestPaymentProvider.DECLINED, false);
			browser.get(Browser.seeOther(pay(browser, checkout, TestPaymentProvider.SUCCEEDS, false)));
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("10.00");
			assertThat(payments(context, "alice")).singleElement()
				.satisfies((payment) -> assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED));
		});
	}

	@Test
	void aCardSavedAtTheCheckoutIsRemembered() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			String checkout = startTopUp(browser, "preset", "10", "saveCard", "true");
			assertThat(browser.page(checkout).selectFirst("#save-card").hasAttr("checked")).isTrue();
			browser.get(Browser.seeOther(pay(browser, checkout, TestPaymentProvider.SUCCEEDS, true)));
			assertThat(context.getBean(PaymentStore.class).paymentMethods("alice")).containsExactly("test_pm_4242");
		});
	}

	@Test
	void theSaveCardBoxIsClearUnlessTheTopUpAskedForIt() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			String checkout = startTopUp(browser, "preset", "10");
			assertThat(browser.page(checkout).selectFirst("#save-card").hasAttr("checked")).isFalse();
		});
	}

	@Test
	void anotherCustomersCheckoutIsNeitherCompletedNorCredited() {
		this.runner.run((context) -> {
			Browser alice = openPortal(context, "alice");
			String checkout = startTopUp(alice, "preset", "10");
			String returnUrl = Browser.seeOther(pay(alice, checkout, TestPaymentProvider.SUCCEEDS, false));

			Browser bob = openPortal(context, "bob");
			PortalPageTests.assertUnauthorized(bob.get(returnUrl));
			assertThat(Portals.dollars(context, "alice")).isZero();
			assertThat(Portals.dollars(context, "bob")).isZero();
			assertThat(payments(context, "alice")).singleElement()
				.satisfies((payment) -> assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING));

			alice.get(returnUrl);
			assertThat(Portals.dollars(context, "alice")).isEqualByComparingTo("10.00");
		});
	}

	@Test
	void anUnknownCheckoutSessionIsNotFound() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			MvcResult result = browser.get("/billing/portal/top-up/return?session_id=test_cs_nothing");
			assertThat(result.getResponse().getStatus()).isEqualTo(404);
			assertThat(Browser.document(result).selectFirst("#portal-not-found")).isNotNull();
			assertThat(browser.get("/billing/portal/top-up/return").getResponse().getStatus()).isEqualTo(404);
		});
	}

	@Test
	void theTestCheckoutListsTheTestCardsAndAnswers404ForAnUnknownSession() {
		this.runner.run((context) -> {
			Browser browser = openPortal(context, "alice");
			Document form = browser.page(startTopUp(browser, "preset", "10"));
			assertThat(form.select("#test-cards code").eachText()).containsExactly(TestPaymentProvider.SUCCEEDS,
					TestPaymentProvider.DECLINED, TestPaymentProvider.INSUFFICIENT_FUNDS);
			MvcResult unknown = browser.get("/billing/test-checkout?session=test_cs_nothing");
			assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
			assertThat(Browser.document(unknown).selectFirst("#checkout-not-found")).isNotNull();
			assertThat(browser.get("/billing/test-checkout").getResponse().getStatus()).isEqualTo(404);
			assertThat(browser.post("/billing/test-checkout", "session", "test_cs_nothing", "cardNumber",
					TestPaymentProvider.SUCCEEDS)
				.getResponse()
				.getStatus()).isEqualTo(404);
		});
	}

	@Test
	void theSectionsOfServicesTheApplicationDoesNotHaveAreLeftOut() {
		Portals.minimal().run((context) -> {
					Document portal = openPortal(context, "alice").page("/billing/portal");
					assertThat(portal.selectFirst("#top-up-form")).isNull();
					assertThat(portal.selectFirst("#payments")).isNull();
					assertThat(portal.selectFirst("#auto-top-up-form")).isNull();
					assertThat(portal.selectFirst("#spend-this-month")).isNull();
					assertThat(portal.selectFirst("#balance")).isNotNull();
					assertThat(openPortal(context, "alice").post("/billing/portal/top-up", "preset", "10")
						.getResponse()
						.getStatus()).isEqualTo(404);
				});
	}

	static Browser openPortal(ApplicationContext context, String customer) throws Exception {
		Browser browser = new Browser((WebApplicationContext) context);
		Browser.seeOther(browser.get(Portals.link(context, customer)));
		return browser;
	}

	/**
	 * Sends the top-up form as the page rendered it (its hidden fields: the idempotency key, and
	 * the CSRF token under Spring Security), with the given fields.
	 * @return where the checkout is
	 */
	static String startTopUp(Browser browser, String... fields) throws Exception {
		List<String> all = new ArrayList<>(List.of(fields));
		for (Element hidden : browser.page("/billing/portal").select("#top-up-form input[type=hidden]")) {
			all.add(hidden.attr("name"));
			all.add(hidden.val());
		}
		return Browser.seeOther(browser.post("/billing/portal/top-up", all.toArray(String[]::new)));
	}

	/**
	 * Sends the test checkout's card form as the page rendered it (its hidden fields), with a card.
	 */
	static MvcResult pay(Browser browser, String checkout, String card, boolean saveCard) throws Exception {
		List<String> fields = new ArrayList<>(List.of("cardNumber", card, "expiry", "12 / 34", "cvc", "123"));
		if (saveCard) {
			fields.addAll(List.of("saveCard", "true"));
		}
		for (Element hidden : browser.page(checkout).select("#checkout-form input[type=hidden]")) {
			fields.add(hidden.attr("name"));
			fields.add(hidden.val());
		}
		return browser.post("/billing/test-checkout", fields.toArray(String[]::new));
	}

	static List<PaymentRecord> payments(ApplicationContext context, String customer) {
		return context.getBean(PaymentStore.class).payments(customer, PageRequest.of(0, 50)).items();
	}

	static List<CreditGrant> paidGrants(ApplicationContext context, String customer) {
		return context.getBean(Ledger.class)
			.grants(customer)
			.stream()
			.filter((grant) -> grant.purpose() == GrantPurpose.PAID)
			.toList();
	}

}

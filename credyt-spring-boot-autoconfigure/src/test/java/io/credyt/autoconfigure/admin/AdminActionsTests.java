package io.credyt.autoconfigure.admin;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.test.web.servlet.MvcResult;

import io.credyt.ledger.Adjustment;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.payment.Checkout;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.payment.TopUps;
import io.credyt.testing.MutableClock;

import static io.credyt.autoconfigure.admin.AdminContexts.element;
import static io.credyt.autoconfigure.admin.AdminContexts.mvc;
import static io.credyt.autoconfigure.admin.AdminContexts.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What an operator changes from the dashboard: each action shown on a confirmation page that
 * writes nothing, then done once by the form's POST, with the operator's name and reason kept.
 */
class AdminActionsTests {

	private static final Pattern KEY = Pattern.compile("name=\"key\" value=\"([^\"]+)\"");

	@Test
	void anOperatorRefundsTheLastThreeChargesAfterConfirmingThem() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			fourCharges(context);
			String customerPage = page(context, "/billing/admin/customers/alice");
			assertThat(element(customerPage, "actions")).contains("id=\"refund-last-form\"").contains("id=\"gift-form\"");
			assertThat(rows(element(customerPage, "usage"))).allSatisfy((row) -> assertThat(row).contains("Refund…"));

			String confirm = page(context, "/billing/admin/customers/alice/refund-last?count=3");
			assertThat(rows(element(confirm, "confirm-charges"))).hasSize(3);
			assertThat(confirm).contains("$0.75").contains("Nothing has changed yet");
			assertThat(ledger.balance("alice").accounts().get("USD").available()).isEqualByComparingTo("9.00");

			String key = key(confirm);
			MvcResult done = mvc(context)
				.perform(post("/billing/admin/customers/alice/refund-last").param("count", "3")
					.param("key", key)
					.param("reason", "images came out blank")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().is3xxRedirection())
				.andExpect(redirectedUrl("/billing/admin/customers/alice"))
				.andExpect(flash().attribute("notice", "Refunded 3 of the last 3 charges: $0.75."))
				.andReturn();
			assertThat(done.getResponse().getRedirectedUrl()).isNotNull();
			assertThat(ledger.balance("alice").accounts().get("USD").available()).isEqualByComparingTo("9.75");

			// the same form sent again (a double click) refunds nothing more
			mvc(context)
				.perform(post("/billing/admin/customers/alice/refund-last").param("count", "3")
					.param("key", key)
					.param("reason", "images came out blank")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().is3xxRedirection());
			assertThat(ledger.balance("alice").accounts().get("USD").available()).isEqualByComparingTo("9.75");
			Adjustment refund = ledger.adjustments("alice", PageRequest.of(0, 10)).items().get(0);
			assertThat(refund.actor()).isEqualTo("operator");
			assertThat(refund.note()).isEqualTo("images came out blank");

			String after = page(context, "/billing/admin/customers/alice");
			assertThat(element(after, "usage")).contains("Refunded");
			assertThat(element(after, "adjustments")).contains("operator").contains("images came out blank");
		});
	}

	@Test
	void actionsAreRefusedWithoutTheCsrfTokenOrTheRoleAndWriteNothing() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			fourCharges(context);
			mvc(context)
				.perform(post("/billing/admin/customers/alice/refund-last").param("count", "3")
					.param("key", "k1")
					.param("reason", "forged")
					.with(AdminDashboardTests.admin()))
				.andExpect(status().isForbidden());
			mvc(context)
				.perform(post("/billing/admin/customers/alice/gift").param("asset", "USD")
					.param("amount", "100")
					.param("key", "k2")
					.param("reason", "forged")
					.with(user("mallory").roles("USER"))
					.with(csrf()))
				.andExpect(status().isForbidden());
			assertThat(ledger.balance("alice").accounts().get("USD").available()).isEqualByComparingTo("9.00");
			assertThat(ledger.adjustments("alice", PageRequest.of(0, 10)).items()).isEmpty();
		});
	}

	@Test
	void anotherCustomersChargeAndBadAmountsGetTypedErrorsAndWriteNothing() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			fourCharges(context);
			ledger.grant("bob", GrantRequest.paid("USD", "1.00"));
			ledger.record(UsageEvent.of("bob-1", "bob", "image", 1));
			mvc(context).perform(get("/billing/admin/customers/alice/refund").param("charge", "bob-1")
				.with(AdminDashboardTests.admin())).andExpect(status().isNotFound());
			mvc(context)
				.perform(post("/billing/admin/customers/alice/refund").param("charge", "bob-1")
					.param("key", "k1")
					.param("reason", "wrong customer")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().isNotFound());
			mvc(context).perform(get("/billing/admin/customers/alice/gift").param("asset", "USD")
				.param("amount", "1e400")
				.with(AdminDashboardTests.admin())).andExpect(status().isBadRequest());
			mvc(context)
				.perform(post("/billing/admin/customers/alice/adjust").param("asset", "USD")
					.param("amount", "-100")
					.param("key", "k2")
					.param("reason", "too much")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().isConflict());
			mvc(context)
				.perform(post("/billing/admin/customers/alice/gift").param("asset", "USD")
					.param("amount", "5")
					.param("key", "k3")
					.param("reason", "<script>alert(1)</script>")
					.param("expiresInDays", "0")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().isBadRequest());
			assertThat(ledger.balance("alice").accounts().get("USD").available()).isEqualByComparingTo("9.00");
			assertThat(ledger.balance("bob").accounts().get("USD").available()).isEqualByComparingTo("0.75");
			assertThat(ledger.adjustments("alice", PageRequest.of(0, 10)).items()).isEmpty();
		});
	}

	@Test
	void aGiftIsConfirmedThenGivenAndItsReasonIsShownEscaped() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			fourCharges(context);
			String confirm = page(context, "/billing/admin/customers/alice/gift?asset=USD&amount=5&expiresInDays=30");
			assertThat(confirm).contains("$5.00 of promotional credit").contains("2025-04-14");
			mvc(context)
				.perform(post("/billing/admin/customers/alice/gift").param("asset", "USD")
					.param("amount", "5")
					.param("expiresInDays", "30")
					.param("key", key(confirm))
					.param("reason", "<b>sorry</b>")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().is3xxRedirection())
				.andExpect(flash().attribute("notice", "Gave $5.00 of credit."));
			assertThat(ledger.balance("alice").accounts().get("USD").available()).isEqualByComparingTo("14.00");
			String after = page(context, "/billing/admin/customers/alice");
			assertThat(element(after, "adjustments")).contains("&lt;b&gt;sorry&lt;/b&gt;").doesNotContain("<b>sorry");
		});
	}

	@Test
	void anOperatorRefundsPartOfATopUpToTheCardAndSeesItListed() {
		AdminContexts.runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			TopUps topUps = context.getBean(TopUps.class);
			Checkout checkout = topUps.start("alice", new BigDecimal("20.00"), "/done", "/cancelled", false);
			((TestPaymentProvider) topUps.provider()).pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false);
			topUps.complete(checkout.sessionId());
			String customerPage = page(context, "/billing/admin/customers/alice");
			assertThat(element(customerPage, "refund-top-up-form")).contains(checkout.sessionId()).contains("$20.00");

			String confirm = page(context, "/billing/admin/customers/alice/refund-top-up?payment="
					+ checkout.sessionId() + "&amount=7.50");
			assertThat(confirm).contains("Left to refund").contains("$20.00").contains("$7.50");
			mvc(context)
				.perform(post("/billing/admin/customers/alice/refund-top-up").param("payment", checkout.sessionId())
					.param("amount", "7.50")
					.param("overdraft", "false")
					.param("key", key(confirm))
					.param("reason", "asked for part of it back")
					.with(AdminDashboardTests.admin())
					.with(csrf()))
				.andExpect(status().is3xxRedirection())
				.andExpect(flash().attribute("notice", "Refunded $7.50 to the card."));
			assertThat(ledger.balance("alice").available("USD")).isEqualByComparingTo("12.50");
			String after = page(context, "/billing/admin/customers/alice");
			assertThat(rows(element(after, "top-up-refunds"))).singleElement()
				.asString()
				.contains("$7.50")
				.contains("SUCCEEDED")
				.contains("re_test_")
				.contains("asked for part of it back")
				.contains("operator");
		});
	}

	private static void fourCharges(AssertableWebApplicationContext context) {
		Ledger ledger = context.getBean(Ledger.class);
		MutableClock clock = context.getBean(MutableClock.class);
		ledger.grant("alice", GrantRequest.paid("USD", "10.00"));
		for (int i = 1; i <= 4; i++) {
			clock.advance(Duration.ofMinutes(1));
			ledger.record(UsageEvent.of("alice-" + i, "alice", "image", 1));
		}
		assertThat(ledger.balance("alice").accounts().get("USD").available()).isEqualByComparingTo(new BigDecimal("9.00"));
	}

	private static String page(AssertableWebApplicationContext context, String url) throws Exception {
		return mvc(context).perform(get(url).with(AdminDashboardTests.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private static String key(String confirm) {
		Matcher matcher = KEY.matcher(confirm);
		assertThat(matcher.find()).as("an idempotency key in the form").isTrue();
		return matcher.group(1);
	}

}

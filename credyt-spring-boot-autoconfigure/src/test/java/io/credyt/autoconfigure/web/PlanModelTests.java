package io.credyt.autoconfigure.web;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.subscription.CredytSubscriptionsAutoConfiguration;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;
import io.credyt.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A subscriber's plan in every page's model, from the auto-configured subscriptions on H2: what
 * is left of the period's allowance, when it renews or ends, a failed renewal, and the units the
 * balance buys at the plan's prices. The plan is the Pro: $20 a month, 200 images, then
 * $0.20 an image (the image's own price is $0.25).
 */
class PlanModelTests {

	/** 10:00 UTC on 15 January: a monthly period from now ends on 15 February. */
	private static final Instant START = Instant.parse("2025-01-15T10:00:00Z");

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withConfiguration(AutoConfigurations.of(CredytSubscriptionsAutoConfiguration.class,
				JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				WebMvcAutoConfiguration.class, ThymeleafAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.yaml("plan-products.yml"))
		.withInitializer(CredytAutoConfigurations.yaml("plans-example.yml"))
		.withPropertyValues("credyt.subscriptions.renewals-enabled=false")
		.withUserConfiguration(TestClock.class, Pages.class);

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aSubscriberSeesWhatIsLeftOfTheirAllowanceAndWhenThePlanRenews() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "25.00"));
			context.getBean(Subscriptions.class).subscribeWithWallet("alice", "pro", "subscribe-1");
			context.getBean(Ledger.class).record(UsageEvent.of("images-1", "alice", "image", 57));
			signIn("alice");
			mvc(context).perform(get("/plan"))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString(
						"<span class=\"plan\">Pro · 143 of 200 images left · renews 15 Feb</span>")))
				.andExpect(content().string(containsString("<span class=\"allowance\">143 of 200</span>")))
				// 143 included, then the $5.00 left buys 25 images at Pro's $0.20
				.andExpect(content().string(containsString("<span class=\"left\">168 images left</span>")));
		});
	}

	@Test
	void aPlanCancelledAtThePeriodsEndSaysWhenItEnds() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "20.00"));
			Subscriptions subscriptions = context.getBean(Subscriptions.class);
			Subscription pro = subscriptions.subscribeWithWallet("alice", "pro", "subscribe-1");
			subscriptions.cancel("alice", pro.id(), "cancel-1");
			signIn("alice");
			mvc(context).perform(get("/plan"))
				.andExpect(content().string(containsString(
						"<span class=\"plan\">Pro · 200 of 200 images left · ends 15 Feb</span>")));
		});
	}

	@Test
	void aRenewalThatCouldNotBePaidSaysThePaymentFailedAndThePricesAreTheProductsOwnAgain() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "20.00"));
			Subscriptions subscriptions = context.getBean(Subscriptions.class);
			subscriptions.subscribeWithWallet("alice", "pro", "subscribe-1");
			context.getBean(MutableClock.class).advance(Duration.ofDays(32));
			subscriptions.renewDue(10);
			assertThat(subscriptions.subscription("alice").orElseThrow().status()).isEqualTo(SubscriptionStatus.PAST_DUE);
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "1.00"));
			signIn("alice");
			mvc(context).perform(get("/plan"))
				.andExpect(content().string(containsString("<span class=\"plan\">Pro · payment failed</span>")))
				.andExpect(content().string(containsString("<span class=\"allowance\">0 of 200</span>")))
				.andExpect(content().string(containsString("<span class=\"left\">4 images left</span>")));
		});
	}

	@Test
	void aCustomerWithoutASubscriptionHasNoPlanAndPaysTheProductsPrices() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("bob", GrantRequest.paid("USD", "5.00"));
			signIn("bob");
			mvc(context).perform(get("/plan"))
				.andExpect(content().string(containsString("<span class=\"no-plan\">No plan</span>")))
				.andExpect(content().string(not(containsString("class=\"plan\""))))
				.andExpect(content().string(containsString("<span class=\"left\">20 images left</span>")));
		});
	}

	@Test
	void withoutPlansThereIsNoSubscriptionServiceAndNoPlanInTheModel() {
		new WebApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytSubscriptionsAutoConfiguration.class,
					JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
					WebMvcAutoConfiguration.class, ThymeleafAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.yaml("plan-products.yml"))
			.withUserConfiguration(TestClock.class, Pages.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(Subscriptions.class);
				context.getBean(Ledger.class).grant("bob", GrantRequest.paid("USD", "5.00"));
				signIn("bob");
				mvc(context).perform(get("/plan"))
					.andExpect(status().isOk())
					.andExpect(content().string(containsString("<span class=\"no-plan\">No plan</span>")))
					.andExpect(content().string(containsString("<span class=\"left\">20 images left</span>")));
			});
	}

	private static void signIn(String name) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, "secret",
					AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

	private static MockMvc mvc(AssertableWebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).build();
	}

	@Configuration(proxyBeanMethods = false)
	static class TestClock {

		@Bean
		MutableClock clock() {
			return new MutableClock(START);
		}

	}

	@Controller
	public static class Pages {

		@GetMapping("/plan")
		String plan() {
			return "plan";
		}

	}

}

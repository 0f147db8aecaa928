package io.credyt.autoconfigure.web;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.subscription.CredytSubscriptionsAutoConfiguration;
import io.credyt.catalog.Catalog;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A plan or subscription that does not exist, and a change the subscription's state does not
 * allow, reach an API client as problem details (404 and 409) with stable types, and nothing is
 * written. The subscriptions are the auto-configured ones, on H2.
 */
class SubscriptionProblemTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withConfiguration(AutoConfigurations.of(CredytSubscriptionsAutoConfiguration.class,
				JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				WebMvcAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.catalog())
		.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.entitlements.image=200",
				"credyt.subscriptions.renewals-enabled=false")
		.withUserConfiguration(Api.class);

	@Test
	void aPlanTheCatalogDoesNotDeclareGets404() {
		this.runner.run((context) -> {
			problem(mvc(context).perform(get("/plans/gold").accept(MediaType.APPLICATION_JSON)), 404,
					"urn:credyt:problem:unknown-plan", "Unknown plan")
				.andExpect(jsonPath("$.field").value("plan"))
				.andExpect(jsonPath("$.plan").value("gold"))
				.andExpect(jsonPath("$.detail").value("There is no plan 'gold'."));
			problem(mvc(context).perform(get("/plans/" + "x".repeat(300)).accept(MediaType.APPLICATION_JSON)), 404,
					"urn:credyt:problem:unknown-plan", "Unknown plan")
				.andExpect(jsonPath("$.plan").value("x".repeat(20) + "…"));
		});
	}

	@Test
	void subscribingToAPlanTheCatalogDoesNotDeclareGets404AndChargesNothing() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "50.00"));
			problem(mvc(context).perform(post("/customers/alice/subscription").param("plan", "gold")
				.param("key", "k1")
				.accept(MediaType.APPLICATION_JSON)), 404, "urn:credyt:problem:unknown-plan", "Unknown plan")
				.andExpect(jsonPath("$.plan").value("gold"));
			assertThat(context.getBean(Ledger.class).balance("alice").available("USD")).isEqualByComparingTo("50.00");
			assertThat(subscriptionRows(context)).isZero();
		});
	}

	@Test
	void anotherCustomersOrAnUnknownSubscriptionGets404AndIsLeftAsItWas() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "50.00"));
			context.getBean(Ledger.class).grant("bob", GrantRequest.paid("USD", "50.00"));
			Subscription bobs = context.getBean(Subscriptions.class).subscribeWithWallet("bob", "pro", "bob-1");
			for (UUID id : new UUID[] { bobs.id(), UUID.randomUUID() }) {
				problem(mvc(context).perform(post("/customers/alice/subscription/" + id + "/cancel").param("key", "k1")
					.accept(MediaType.APPLICATION_JSON)), 404, "urn:credyt:problem:unknown-subscription",
						"Unknown subscription")
					.andExpect(jsonPath("$.field").value("subscriptionId"));
			}
			Subscription after = context.getBean(Subscriptions.class).subscription("bob").orElseThrow();
			assertThat(after.status()).isEqualTo(SubscriptionStatus.ACTIVE);
			assertThat(after.cancelAtPeriodEnd()).as("alice could not cancel bob's subscription").isFalse();
		});
	}

	@Test
	void aChangeTheSubscriptionsStateDoesNotAllowGets409WithThatState() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "50.00"));
			mvc(context).perform(post("/customers/alice/subscription").param("plan", "pro").param("key", "k1"))
				.andExpect(status().isOk());
			problem(mvc(context).perform(post("/customers/alice/subscription").param("plan", "pro")
				.param("key", "k2")
				.accept(MediaType.APPLICATION_JSON)), 409, "urn:credyt:problem:subscription-state",
					"Subscription state conflict")
				.andExpect(jsonPath("$.subscriptionStatus").value("ACTIVE"));
			assertThat(context.getBean(Ledger.class).balance("alice").available("USD"))
				.as("one fee, for the first subscription only").isEqualByComparingTo("30.00");
			assertThat(subscriptionRows(context)).isEqualTo(1);
		});
	}

	private static ResultActions problem(ResultActions result, int status, String type, String title)
			throws Exception {
		return result.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(status))
			.andExpect(jsonPath("$.type").value(type))
			.andExpect(jsonPath("$.title").value(title))
			.andExpect(jsonPath("$.detail").isNotEmpty());
	}

	private static long subscriptionRows(AssertableWebApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class))
			.queryForObject("SELECT COUNT(*) FROM credyt_subscription", Long.class);
	}

	private static MockMvc mvc(AssertableWebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).build();
	}

	@RestController
	public static class Api {

		private final Catalog catalog;

		private final Subscriptions subscriptions;

		public Api(Catalog catalog, Subscriptions subscriptions) {
			this.catalog = catalog;
			this.subscriptions = subscriptions;
		}

		@GetMapping("/plans/{code}")
		String plan(@PathVariable String code) {
			return this.catalog.plan(code).name();
		}

		@PostMapping("/customers/{customer}/subscription")
		String subscribe(@PathVariable String customer, @RequestParam String plan, @RequestParam String key) {
			return this.subscriptions.subscribeWithWallet(customer, plan, key).id().toString();
		}

		@PostMapping("/customers/{customer}/subscription/{id}/cancel")
		String cancel(@PathVariable String customer, @PathVariable UUID id, @RequestParam String key) {
			return this.subscriptions.cancel(customer, id, key).status().name();
		}

	}

}

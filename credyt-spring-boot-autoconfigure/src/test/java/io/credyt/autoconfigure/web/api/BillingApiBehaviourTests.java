package io.credyt.autoconfigure.web.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.util.UriComponentsBuilder;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.portal.CredytPortalAutoConfiguration;
import io.credyt.autoconfigure.portal.PortalLinks;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The billing JSON API a single-page or mobile client reads: always the signed-in customer's own
 * balance, usage and portal link, on every database the ledger runs on.
 */
abstract class BillingApiBehaviourTests {

	private final TestDatabases.Kind kind;

	private HikariDataSource dataSource;

	BillingApiBehaviourTests(TestDatabases.Kind kind) {
		this.kind = kind;
	}

	@BeforeEach
	void createDatabase() {
		this.dataSource = this.kind.create();
	}

	@AfterEach
	void signOutAndDisposeDatabase() {
		SecurityContextHolder.clearContext();
		TestDatabases.dispose(this.dataSource);
	}

	private WebApplicationContextRunner runner() {
		return new WebApplicationContextRunner().withBean(HikariDataSource.class, () -> this.dataSource)
			.withPropertyValues("credyt.jdbc.initialize-schema=always")
			.withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytPortalAutoConfiguration.class,
					JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
					WebMvcAutoConfiguration.class, ThymeleafAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog());
	}

	@Test
	void theSignedInCustomerGetsTheirBalancePerAssetAndWhatIsLeftOfEveryProduct() {
		runner().run((context) -> {
			context.getBean(Ledger.class).topUp("alice", TopUpRequest.of("pi_alice", "4.35", "USD", "USD"));
			signIn("alice");
			mvc(context).perform(get("/billing/api/balance").accept(MediaType.APPLICATION_JSON))
				.andExpect(status().isOk())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
				.andExpect(header().string("Cache-Control", "no-store"))
				.andExpect(jsonPath("$.customer").value("alice"))
				.andExpect(jsonPath("$.display").value("$4.35"))
				.andExpect(jsonPath("$.assets", hasSize(1)))
				.andExpect(jsonPath("$.assets[0].asset").value("USD"))
				.andExpect(jsonPath("$.assets[0].available").value("4.35"))
				.andExpect(jsonPath("$.assets[0].posted").value("4.35"))
				.andExpect(jsonPath("$.assets[0].held").value("0.00"))
				.andExpect(jsonPath("$.assets[0].display").value("$4.35"))
				.andExpect(jsonPath("$.products[?(@.product == 'image')].free").value(2))
				.andExpect(jsonPath("$.products[?(@.product == 'image')].freeText").value("2 free images"))
				// 2 free, then $4.35 buys 17 images at $0.25
				.andExpect(jsonPath("$.products[?(@.product == 'image')].left").value(19))
				.andExpect(jsonPath("$.products[?(@.product == 'image')].leftText").value("19 images left"))
				.andExpect(jsonPath("$.products[?(@.product == 'video')].leftText").value("4 videos left"));
		});
	}

	@Test
	void aSubscribersBalanceNamesTheirPlanAndCountsWhatIsLeftAtThePlansPrice() {
		runner().withConfiguration(AutoConfigurations.of(
				io.credyt.autoconfigure.subscription.CredytSubscriptionsAutoConfiguration.class))
			.withPropertyValues("credyt.plans.pro.fee=20.00", "credyt.plans.pro.entitlements.image=200",
					"credyt.plans.pro.prices.image=0.20", "credyt.subscriptions.renewals-enabled=false")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				ledger.topUp("alice", TopUpRequest.of("pi_alice", "24.00", "USD", "USD"));
				context.getBean(io.credyt.subscription.Subscriptions.class).subscribeWithWallet("alice", "pro", "sub-1");
				signIn("alice");
				mvc(context).perform(get("/billing/api/balance"))
					.andExpect(status().isOk())
					.andExpect(jsonPath("$.display").value("$4.00"))
					.andExpect(jsonPath("$.plan.code").value("pro"))
					.andExpect(jsonPath("$.plan.name").value("Pro"))
					.andExpect(jsonPath("$.plan.status").value("active"))
					.andExpect(jsonPath("$.plan.text").value(org.hamcrest.Matchers.startsWith("Pro · 200 of 200 images left · renews ")))
					.andExpect(jsonPath("$.plan.included[0].product").value("image"))
					.andExpect(jsonPath("$.plan.included[0].left").value(200))
					.andExpect(jsonPath("$.plan.included[0].included").value(200))
					// 200 of the plan, 2 free at sign-up, then $4.00 buys 20 images at the plan's $0.20
					.andExpect(jsonPath("$.products[?(@.product == 'image')].left").value(222));
				signIn("bob");
				mvc(context).perform(get("/billing/api/balance"))
					.andExpect(status().isOk())
					.andExpect(jsonPath("$.plan").doesNotExist());
			});
	}

	@Test
	void aNewCustomerSeesTheirFreeUnitsOnTheirFirstCall() {
		runner().run((context) -> {
			signIn("carol");
			mvc(context).perform(get("/billing/api/balance"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.display").value("$0.00"))
				.andExpect(jsonPath("$.assets[0].available").value("0.00"))
				.andExpect(jsonPath("$.products[?(@.product == 'image')].freeText").value("2 free images"));
		});
	}

	@Test
	void usageIsPagedNewestFirstWithExactFeesAndTheirDisplay() {
		runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.topUp("alice", TopUpRequest.of("pi_alice", "5.00", "USD", "USD"));
			ledger.entitle("alice", EntitlementRequest.once("image", 1).reference("sign-up"));
			record(ledger, "alice", "u1", "standard", "2025-01-15T10:00:00Z");
			record(ledger, "alice", "u2", "standard", "2025-01-15T10:01:00Z");
			record(ledger, "alice", "u3", "standard", "2025-01-15T10:02:00Z");
			record(ledger, "alice", "u4", "hd", "2025-01-15T10:03:00Z");
			signIn("alice");
			mvc(context).perform(get("/billing/api/usage").param("page", "1").param("size", "3"))
				.andExpect(status().isOk())
				.andExpect(header().string("Cache-Control", "no-store"))
				.andExpect(jsonPath("$.page").value(1))
				.andExpect(jsonPath("$.size").value(3))
				.andExpect(jsonPath("$.total").value(4))
				.andExpect(jsonPath("$.totalPages").value(2))
				.andExpect(jsonPath("$.hasNext").value(true))
				.andExpect(jsonPath("$.items", hasSize(3)))
				.andExpect(jsonPath("$.items[0].id").value("u4"))
				.andExpect(jsonPath("$.items[0].product").value("image"))
				.andExpect(jsonPath("$.items[0].quantity").value("1"))
				.andExpect(jsonPath("$.items[0].dimensions.quality").value("hd"))
				.andExpect(jsonPath("$.items[0].asset").value("USD"))
				.andExpect(jsonPath("$.items[0].fee").value("0.40"))
				.andExpect(jsonPath("$.items[0].feeDisplay").value("$0.40"))
				.andExpect(jsonPath("$.items[0].freeUnits").value("0"))
				.andExpect(jsonPath("$.items[0].occurredAt").value("2025-01-15T10:03:00Z"))
				.andExpect(jsonPath("$.items[1].id").value("u3"))
				.andExpect(jsonPath("$.items[1].fee").value("0.25"))
				.andExpect(jsonPath("$.items[2].id").value("u2"));
			mvc(context).perform(get("/billing/api/usage").param("page", "2").param("size", "3"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.hasNext").value(false))
				.andExpect(jsonPath("$.items", hasSize(1)))
				.andExpect(jsonPath("$.items[0].id").value("u1"))
				// the free image paid for the first one
				.andExpect(jsonPath("$.items[0].fee").value("0.00"))
				.andExpect(jsonPath("$.items[0].feeDisplay").value("Included"))
				.andExpect(jsonPath("$.items[0].freeUnits").value("1"));
		});
	}

	@Test
	void withNoCustomerEveryEndpointAnswers401WithAProblemDetailAndWritesNothing() {
		runner().run((context) -> {
			MockMvc mvc = mvc(context);
			for (String path : new String[] { "/billing/api/balance", "/billing/api/usage",
					"/billing/api/portal-link" }) {
				mvc.perform(get(path).accept(MediaType.APPLICATION_JSON))
					.andExpect(status().isUnauthorized())
					.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
					.andExpect(jsonPath("$.type").value("urn:credyt:problem:customer-required"))
					.andExpect(jsonPath("$.status").value(401));
			}
			assertThat(rows("credyt_customer")).isZero();
		});
	}

	@Test
	void anotherCustomersDataIsNeverReachableWhateverTheRequestSays() {
		runner().run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.topUp("bob", TopUpRequest.of("pi_bob", "50.00", "USD", "USD"));
			record(ledger, "bob", "bob-1", "hd", "2025-01-15T10:00:00Z");
			signIn("alice");
			MockMvc mvc = mvc(context);
			mvc.perform(get("/billing/api/balance").param("customer", "bob").param("externalId", "bob"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.customer").value("alice"))
				.andExpect(jsonPath("$.assets[0].available").value("0.00"));
			mvc.perform(get("/billing/api/usage").param("customer", "bob"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.total").value(0))
				.andExpect(jsonPath("$.items", hasSize(0)));
			String url = mvc.perform(get("/billing/api/portal-link").param("customer", "bob"))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			String token = UriComponentsBuilder.fromUriString(jsonString(url, "url"))
				.build()
				.getQueryParams()
				.getFirst("token");
			assertThat(context.getBean(PortalLinks.class).verify(token)).isEqualTo("alice");
		});
	}

	@Test
	void pagingOutOfBoundsIs400WithAProblemDetail() {
		runner().run((context) -> {
			signIn("alice");
			MockMvc mvc = mvc(context);
			Map<String, String> refused = Map.of("page", "0", "size", "101");
			for (Map.Entry<String, String> bad : refused.entrySet()) {
				mvc.perform(get("/billing/api/usage").param(bad.getKey(), bad.getValue()))
					.andExpect(status().isBadRequest())
					.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
					.andExpect(jsonPath("$.type").value("urn:credyt:problem:invalid-request"))
					.andExpect(jsonPath("$.field").value(bad.getKey()));
			}
			String huge = "9".repeat(5000);
			for (String[] bad : new String[][] { { "page", "-1" }, { "size", "0" }, { "page", "one" },
					{ "size", "1e2" }, { "page", huge } }) {
				mvc.perform(get("/billing/api/usage").param(bad[0], bad[1]))
					.andExpect(status().isBadRequest())
					.andExpect(jsonPath("$.field").value(bad[0]));
			}
			mvc.perform(get("/billing/api/usage").param("page", huge))
				.andExpect(jsonPath("$.detail").value("page: must be a whole number from 1"));
			mvc.perform(get("/billing/api/usage").param("page", "1").param("size", "100"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.size").value(100));
		});
	}

	@Test
	void aFreshPortalLinkOpensTheSignedInCustomersPortal() {
		runner().run((context) -> {
			signIn("alice");
			Instant before = Instant.now();
			String body = mvc(context).perform(get("/billing/api/portal-link"))
				.andExpect(status().isOk())
				.andExpect(header().string("Cache-Control", "no-store"))
				.andExpect(jsonPath("$.url", startsWith("http://localhost/billing/portal/session?token=")))
				.andReturn()
				.getResponse()
				.getContentAsString();
			Instant expiresAt = Instant.parse(jsonString(body, "expiresAt"));
			assertThat(expiresAt).isBetween(before.plus(Duration.ofMinutes(10)),
					Instant.now().plus(Duration.ofMinutes(10)));
			String token = UriComponentsBuilder.fromUriString(jsonString(body, "url"))
				.build()
				.getQueryParams()
				.getFirst("token");
			assertThat(context.getBean(PortalLinks.class).verify(token)).isEqualTo("alice");
		});
	}

	@Test
	void theApiMovesToAnotherPath() {
		runner().withPropertyValues("credyt.web.api.path=/api/billing").run((context) -> {
			signIn("alice");
			mvc(context).perform(get("/api/billing/balance"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.customer").value("alice"));
			mvc(context).perform(get("/billing/api/balance")).andExpect(status().isNotFound());
		});
	}

	@Test
	void theApiCanBeSwitchedOff() {
		runner().withPropertyValues("credyt.web.api.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(BillingApiController.class);
			signIn("alice");
			mvc(context).perform(get("/billing/api/balance")).andExpect(status().isNotFound());
		});
	}

	@Test
	void withoutThePortalAPortalLinkIs404WithAProblemDetail() {
		runner().withPropertyValues("credyt.portal.enabled=false").run((context) -> {
			signIn("alice");
			mvc(context).perform(get("/billing/api/portal-link"))
				.andExpect(status().isNotFound())
				.andExpect(jsonPath("$.type").value("urn:credyt:problem:portal-unavailable"));
		});
	}

	private static void record(Ledger ledger, String customer, String id, String quality, String at) {
		ledger.record(UsageEvent.of(id, customer, "image", 1)
			.dimensions(Map.of("quality", quality))
			.occurredAt(Instant.parse(at)));
	}

	private long rows(String table) {
		Long count = new org.springframework.jdbc.core.JdbcTemplate(this.dataSource)
			.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
		return (count != null) ? count : 0;
	}

	private static String jsonString(String json, String field) {
		return com.jayway.jsonpath.JsonPath.read(json, "$." + field);
	}

	private static MockMvc mvc(AssertableWebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).build();
	}

	private static void signIn(String name) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, "secret",
					AuthorityUtils.createAuthorityList("ROLE_USER")));
	}
}

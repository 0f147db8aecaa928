package io.credyt.autoconfigure.web;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.credyt.annotation.Billable;
import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.catalog.Catalog;
import io.credyt.adjust.Adjustments;
import io.credyt.adjust.OperatorAction;
import io.credyt.autoconfigure.jdbc.CredytAdjustmentsAutoConfiguration;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasLength;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every client error the library raises reaches an API client as an RFC 9457 problem detail with
 * its own status and a stable type, and nothing is written.
 */
class BillingProblemTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withConfiguration(AutoConfigurations.of(CredytAdjustmentsAutoConfiguration.class, JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.catalog())
		.withUserConfiguration(Images.class, Api.class);

	@BeforeEach
	void signIn() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice", "secret",
					AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void anUnknownProductGets400() {
		this.runner.run((context) -> {
			problem(mvc(context).perform(post("/usage").param("product", "song").accept(MediaType.APPLICATION_JSON)),
					400, "urn:credyt:problem:unknown-product", "Unknown product", "product")
				.andExpect(jsonPath("$.product").value("song"))
				.andExpect(jsonPath("$.detail").value("There is no product 'song'."));
			assertNothingWritten(context);
		});
	}

	@Test
	void anUnknownAssetGets400() {
		this.runner.run((context) -> {
			problem(mvc(context).perform(get("/assets/EUR").accept(MediaType.APPLICATION_JSON)), 400,
					"urn:credyt:problem:unknown-asset", "Unknown asset", "asset")
				.andExpect(jsonPath("$.asset").value("EUR"));
		});
	}

	@Test
	void aDimensionValueTheProductDoesNotAllowGets400ListingTheAllowedValuesInDeclaredOrder() {
		this.runner.run((context) -> {
			problem(mvc(context).perform(generate("ultra", "1", null)), 400, "urn:credyt:problem:invalid-dimension",
					"Invalid dimension", "dimensions.quality")
				.andExpect(jsonPath("$.product").value("image"))
				.andExpect(jsonPath("$.dimension").value("quality"))
				.andExpect(jsonPath("$.value").value("ultra"))
				.andExpect(jsonPath("$.detail").value(
						"Product 'image', dimension 'quality' = 'ultra': allowed values: [standard, hd]"));
			assertNothingWritten(context);
		});
	}

	@Test
	void aQuantityTheLedgerCannotHoldGets400WithoutBeingWrittenOut() {
		this.runner.run((context) -> {
			for (String quantity : new String[] { "1e999999999", "1e2147483647", "1e-39999999", "-2", "lots" }) {
				problem(mvc(context).perform(generate("hd", quantity, null)), 400, "urn:credyt:problem:invalid-request",
						"Invalid request", "quantity")
					.andExpect(jsonPath("$.detail", startsWith("quantity: ")))
					.andExpect(jsonPath("$.detail", hasLength(lessThan(300))));
			}
			assertThat(context.getBean(Images.class).generated()).isZero();
			assertNothingWritten(context);
		});
	}

	@Test
	void anIdempotencyKeyReusedForAnotherUsageGets409() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "5.00"));
			mvc(context).perform(generate("hd", "1", "request-1")).andExpect(status().isOk());
			problem(mvc(context).perform(generate("standard", "1", "request-1")), 409,
					"urn:credyt:problem:idempotency-conflict", "Idempotency conflict", "idempotencyKey")
				.andExpect(jsonPath("$.eventId").value("request-1"));
			assertThat(context.getBean(Images.class).generated()).as("the conflicting call does not run").isEqualTo(1);
			// the first image was one of the two free ones; the conflict took nothing
			assertThat(context.getBean(Ledger.class).balance("alice").available("USD")).isEqualByComparingTo("5.00");
			assertThat(context.getBean(Ledger.class).balance("alice").entitled("image")).isEqualByComparingTo("1");
		});
	}

	@Test
	void anIdempotencyKeyThatIsNotSentBillsTheCallAsANewUsage() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "5.00"));
			mvc(context).perform(generate("hd", "1", null)).andExpect(status().isOk());
			mvc(context).perform(generate("hd", "1", null)).andExpect(status().isOk());
			assertThat(context.getBean(Images.class).generated()).isEqualTo(2);
			assertThat(usageEvents(context)).isEqualTo(2);
		});
	}

	@Test
	void aBillableCallWithNoCustomerGets401() {
		this.runner.run((context) -> {
			SecurityContextHolder.clearContext();
			mvc(context).perform(generate("hd", "1", null))
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.type").value("urn:credyt:problem:customer-required"));
		});
	}

	private static ResultActions problem(ResultActions result, int status, String type, String title, String field)
			throws Exception {
		return result.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(status))
			.andExpect(jsonPath("$.type").value(type))
			.andExpect(jsonPath("$.title").value(title))
			.andExpect(jsonPath("$.detail").isNotEmpty())
			.andExpect(jsonPath("$.field").value(field));
	}

	private static org.springframework.test.web.servlet.RequestBuilder generate(String quality, String quantity,
			String requestId) {
		var request = post("/images").param("quality", quality)
			.param("quantity", quantity)
			.accept(MediaType.APPLICATION_JSON);
		if (requestId != null) {
			request.param("requestId", requestId);
		}
		return request;
	}

	private static void assertNothingWritten(AssertableWebApplicationContext context) {
		JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM credyt_hold", Long.class)).isZero();
		assertThat(usageEvents(context)).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM credyt_entry", Long.class)).isZero();
	}

	private static long usageEvents(AssertableWebApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("SELECT COUNT(*) FROM credyt_usage_event", Long.class);
	}

	@Test
	void anOperatorsRefundOfAnUnknownOrRefundedChargeGets404Or409() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.grant("alice", GrantRequest.paid("USD", "5.00"));
			ledger.record(UsageEvent.of("evt-1", "alice", "image", 1));
			problem(mvc(context).perform(post("/refunds").param("customer", "nobody").param("charge", "evt-1")
				.param("key", "k1")
				.accept(MediaType.APPLICATION_JSON)), 404, "urn:credyt:problem:not-found", "Not found", "customer");
			problem(mvc(context).perform(post("/refunds").param("customer", "alice").param("charge", "evt-2")
				.param("key", "k1")
				.accept(MediaType.APPLICATION_JSON)), 404, "urn:credyt:problem:not-found", "Not found", "usageEventId");
			mvc(context).perform(post("/refunds").param("customer", "alice").param("charge", "evt-1").param("key", "k1"))
				.andExpect(status().isOk());
			problem(mvc(context).perform(post("/refunds").param("customer", "alice").param("charge", "evt-1")
				.param("key", "k2")
				.accept(MediaType.APPLICATION_JSON)), 409, "urn:credyt:problem:already-refunded", "Already refunded", "usageEventId")
				.andExpect(jsonPath("$.eventId").value("evt-1"));
		});
	}

	private static MockMvc mvc(AssertableWebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).build();
	}

	public static class Images {

		private final AtomicInteger generated = new AtomicInteger();

		public int generated() {
			return this.generated.get();
		}

		@Billable(product = "image", dimensions = "quality=#quality", quantity = "#quantity",
				idempotencyKey = "#requestId")
		public String generate(String quality, String quantity, String requestId) {
			this.generated.incrementAndGet();
			return "an image";
		}

	}

	@RestController
	public static class Api {

		private final Images images;

		private final Ledger ledger;

		private final Catalog catalog;

		private final Adjustments adjustments;

		public Api(Images images, Ledger ledger, Catalog catalog, Adjustments adjustments) {
			this.images = images;
			this.adjustments = adjustments;
			this.ledger = ledger;
			this.catalog = catalog;
		}

		@PostMapping("/images")
		String generate(@RequestParam String quality, @RequestParam String quantity,
				@RequestParam(required = false) String requestId) {
			return this.images.generate(quality, quantity, requestId);
		}

		@PostMapping("/usage")
		String usage(@RequestParam String product) {
			return this.ledger.authorize(AuthorizationRequest.of("alice", product)).id().toString();
		}

		@PostMapping("/refunds")
		String refund(@RequestParam String customer, @RequestParam String charge, @RequestParam String key) {
			return this.adjustments.refundCharge(customer, charge, new OperatorAction(key, "ops", "test")).total().toPlainString();
		}

		@GetMapping("/assets/{code}")
		String asset(@PathVariable String code) {
			return this.catalog.asset(code).label();
		}

	}

}

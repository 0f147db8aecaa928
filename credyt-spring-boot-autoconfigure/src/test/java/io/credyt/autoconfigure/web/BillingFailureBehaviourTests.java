package io.credyt.autoconfigure.web;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.testing.FaultInjectingDataSource;
import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * When the database drops the connection while a {@code @Billable} call's usage is committed, the
 * caller hears of it as a server error (a problem detail, or the error page for a browser), and the
 * failure is logged at WARN: never an empty {@code 200 OK}, which is what Spring MVC answers when
 * it takes the failure's {@code EOFException} for a client that went away.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class BillingFailureBehaviourTests {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private final TestDatabases.Kind kind;

	private HikariDataSource database;

	private FaultInjectingDataSource faulty;

	private WebApplicationContextRunner runner;

	BillingFailureBehaviourTests(TestDatabases.Kind kind) {
		this.kind = kind;
	}

	@BeforeEach
	void start() {
		this.database = this.kind.create();
		this.faulty = FaultInjectingDataSource.wrap(this.database);
		this.runner = new WebApplicationContextRunner().withBean(DataSource.class, this.faulty::dataSource)
			.withPropertyValues("credyt.jdbc.initialize-schema=always")
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
					HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog())
			.withUserConfiguration(WebAutoConfigurationTests.Videos.class, WebAutoConfigurationTests.Pages.class);
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice", "secret",
					AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

	@AfterEach
	void dispose() {
		SecurityContextHolder.clearContext();
		TestDatabases.dispose(this.database);
	}

	@Test
	void anApiClientGetsA500ProblemDetailWhenTheUsageCannotBeCommitted(CapturedOutput output) {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.grant("alice", GrantRequest.paid("USD", "5.00"));
			this.faulty.failCommitsAfter("into credyt_usage_event");

			mvc(context).perform(post("/videos").accept(MediaType.APPLICATION_JSON))
				.andExpect(status().isInternalServerError())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.type").value("urn:credyt:problem:usage-not-recorded"))
				.andExpect(jsonPath("$.title").value("Usage not recorded"))
				.andExpect(jsonPath("$.status").value(500))
				.andExpect(jsonPath("$.detail").value("Billing for video failed: its usage could not be recorded."))
				.andExpect(jsonPath("$.product").value("video"));

			this.faulty.disarm();
			assertThat(this.faulty.failures()).isPositive();
			assertThat(context.getBean(WebAutoConfigurationTests.Videos.class).rendered()).isOne();
			assertThat(ledger.usage("alice", PageRequest.of(0, 10)).total()).isZero();
			assertThat(ledger.balance("alice").available("USD")).as("the video held until its hold expires")
				.isEqualByComparingTo("4.00");
			assertThat(output).contains("WARN")
				.contains("returned, but capturing its hold")
				.contains("Injected fault: An I/O error occurred while sending to the backend");
		});
	}

	@Test
	void aBrowserGetsTheErrorPageWhenTheUsageCannotBeCommitted(CapturedOutput output) {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "5.00"));
			this.faulty.failCommitsAfter("into credyt_usage_event");

			MvcResult result = mvc(context).perform(post("/videos").header("Accept", BROWSER_ACCEPT))
				.andExpect(status().isInternalServerError())
				.andReturn();

			this.faulty.disarm();
			assertThat(result.getResponse().getErrorMessage()).isEqualTo("Billing failed");
			assertThat(result.getResponse().getContentAsString()).isEmpty();
			assertThat(output).contains("WARN").contains("returned, but capturing its hold");
		});
	}

	private static MockMvc mvc(org.springframework.context.ApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup((org.springframework.web.context.WebApplicationContext) context)
			.build();
	}

}

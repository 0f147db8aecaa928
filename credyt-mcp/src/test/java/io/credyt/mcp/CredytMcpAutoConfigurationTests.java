package io.credyt.mcp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import io.credyt.ledger.Ledger;
import io.credyt.mcp.testapp.McpTestApplication;
import io.credyt.payment.PaymentProvider;
import io.credyt.report.BillingReports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class CredytMcpAutoConfigurationTests {

	private static final String TEST_KEY = "credyt.mcp.api-keys.agent=key_test_0123456789abcdefghijklmnopqrstuv";

	private static final String LIVE_KEY = "credyt.mcp.api-keys.agent=key_live_0123456789abcdefghijklmnopqrstuv";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CredytMcpAutoConfiguration.class))
		.withBean(Ledger.class, () -> mock(Ledger.class))
		.withBean(BillingReports.class, () -> mock(BillingReports.class))
		.withBean("mcpServerJsonMapper", JsonMapper.class, () -> JsonMapper.builder().build());

	@Test
	void isOffByDefault() {
		this.runner.withPropertyValues(TEST_KEY).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(BillingMcpTools.class);
			assertThat(context).doesNotHaveBean(McpApiKeys.class);
		});
	}

	@Test
	void keepsSpringAiMcpServerOffUnlessCredytMcpIsEnabled() {
		MockEnvironment environment = new MockEnvironment();
		new McpServerDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.ai.mcp.server.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("spring.ai.mcp.server.annotation-scanner.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("spring.ai.mcp.server.protocol")).isEqualTo("STATELESS");
		assertThat(environment.getProperty("spring.ai.mcp.server.type")).isEqualTo("SYNC");
		assertThat(environment.getProperty("spring.ai.mcp.server.streamable-http.mcp-endpoint")).isEqualTo("/mcp");
		assertThat(environment.getProperty("spring.ai.mcp.server.name")).isEqualTo("credyt-billing");
		assertThat(environment.getProperty("spring.ai.mcp.server.instructions"))
			.isEqualTo(CredytMcpProperties.DEFAULT_INSTRUCTIONS);
	}

	@Test
	void pointsSpringAiMcpServerAtTheCredytMcpSettings() {
		MockEnvironment environment = new MockEnvironment().withProperty("credyt.mcp.enabled", "true")
			.withProperty("credyt.mcp.path", "/agent/billing")
			.withProperty("credyt.mcp.name", "acme-billing")
			.withProperty("credyt.mcp.instructions", "Be careful.");
		new McpServerDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.ai.mcp.server.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.ai.mcp.server.annotation-scanner.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.ai.mcp.server.streamable-http.mcp-endpoint"))
			.isEqualTo("/agent/billing");
		assertThat(environment.getProperty("spring.ai.mcp.server.name")).isEqualTo("acme-billing");
		assertThat(environment.getProperty("spring.ai.mcp.server.instructions")).isEqualTo("Be careful.");
	}

	@Test
	void leavesSpringAiMcpServerSettingsTheApplicationMadeAlone() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.ai.mcp.server.enabled", "true")
			.withProperty("spring.ai.mcp.server.name", "mine");
		new McpServerDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.ai.mcp.server.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.ai.mcp.server.annotation-scanner.enabled"))
			.as("the application's own MCP tools are still scanned").isEqualTo("true");
		assertThat(environment.getProperty("spring.ai.mcp.server.name")).isEqualTo("mine");
	}

	@Test
	void anApplicationWithCredytMcpOnTheClassPathOpensNoEndpointUnlessEnabled() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(McpTestApplication.class)
			.run("--credyt.mcp.enabled=false", "--server.port=0")) {
			assertThat(context.getEnvironment().getProperty("spring.ai.mcp.server.enabled", Boolean.class)).isFalse();
			assertThat(context.getBeanNamesForType(BillingMcpTools.class)).isEmpty();
			assertThat(context.getBeanNamesForType(McpStatelessSyncServer.class)).isEmpty();
			String port = context.getEnvironment().getProperty("local.server.port");
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/mcp"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			// nothing serves the path: Spring Security's own chain refuses it (401), no MCP server answers
			assertThat(response.statusCode()).isIn(401, 404);
			assertThat(response.body()).doesNotContain("jsonrpc");
			assertThat(context.containsBean("credytMcpApiKeyFilter")).isFalse();
		}
	}

	@Test
	void servesTheToolsBehindTheKeysWhenEnabled() {
		this.runner.withPropertyValues("credyt.mcp.enabled=true", TEST_KEY).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(BillingMcpTools.class);
			assertThat(context.getBean(McpApiKeys.class).nameOf("key_test_0123456789abcdefghijklmnopqrstuv"))
				.contains("agent");
			FilterRegistrationBean<?> filter = context.getBean("credytMcpApiKeyFilter", FilterRegistrationBean.class);
			assertThat(filter.getUrlPatterns()).containsExactly("/mcp", "/mcp/*");
			assertThat(filter.getOrder()).isLessThan(-100);
			assertThat(context).hasBean("credytMcpSecurityCustomizer");
		});
	}

	@Test
	void keepsTheKeyCheckWithoutTheBillingBeans() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(CredytMcpAutoConfiguration.class))
			.withBean("mcpServerJsonMapper", JsonMapper.class, () -> JsonMapper.builder().build())
			.withPropertyValues("credyt.mcp.enabled=true", TEST_KEY)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(BillingMcpTools.class);
				assertThat(context).hasBean("credytMcpApiKeyFilter");
			});
	}

	@Test
	void isOffWithoutSpringAiOnTheClassPath() {
		this.runner.withPropertyValues("credyt.mcp.enabled=true", TEST_KEY)
			.withClassLoader(new FilteredClassLoader(McpTool.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(BillingMcpTools.class);
			});
	}

	@Test
	void refusesToStartWhenEnabledWithoutAKey() {
		this.runner.withPropertyValues("credyt.mcp.enabled=true").run(refused("credyt.mcp.api-keys"));
	}

	@Test
	void refusesToStartWithAShortKey() {
		this.runner.withPropertyValues("credyt.mcp.enabled=true", "credyt.mcp.api-keys.agent=key_test_short")
			.run(refused("credyt.mcp.api-keys.agent"));
	}

	@Test
	void refusesToStartWithAKeyWithoutTheTestOrLivePrefix() {
		this.runner
			.withPropertyValues("credyt.mcp.enabled=true",
					"credyt.mcp.api-keys.agent=0123456789abcdefghijklmnopqrstuvwxyz0123")
			.run(refused("credyt.mcp.api-keys.agent"));
	}

	@Test
	void refusesToStartWithALiveKeyWhilePaymentsAreInTestMode() {
		this.runner.withPropertyValues("credyt.mcp.enabled=true", LIVE_KEY).run(refused("credyt.mcp.api-keys.agent"));
	}

	@Test
	void refusesToStartWithATestKeyWhilePaymentsAreLive() {
		this.runner.withPropertyValues("credyt.mcp.enabled=true", TEST_KEY)
			.withBean(PaymentProvider.class, () -> provider(true))
			.run(refused("credyt.mcp.api-keys.agent"));
	}

	@Test
	void acceptsALiveKeyWhilePaymentsAreLive() {
		this.runner.withPropertyValues("credyt.mcp.enabled=true", LIVE_KEY)
			.withBean(PaymentProvider.class, () -> provider(true))
			.run((context) -> assertThat(context).hasSingleBean(BillingMcpTools.class));
	}

	@Test
	void refusesAPathThatIsNotASimplePath() {
		this.runner.withPropertyValues("credyt.mcp.enabled=true", TEST_KEY, "credyt.mcp.path=/mcp/../admin")
			.run(refused("credyt.mcp.path"));
	}

	@Test
	void comparesEveryKeyAndFindsTheOnePresented() {
		McpApiKeys keys = McpApiKeys.of(java.util.Map.of("ci", "key_test_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "laptop",
				"key_test_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), false);
		assertThat(keys.nameOf("key_test_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")).contains("laptop");
		assertThat(keys.nameOf("key_test_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")).isEmpty();
		assertThat(keys.nameOf("")).isEmpty();
		assertThat(keys.nameOf(null)).isEmpty();
	}

	private static PaymentProvider provider(boolean live) {
		PaymentProvider provider = mock(PaymentProvider.class);
		given(provider.live()).willReturn(live);
		given(provider.name()).willReturn("stand-in");
		return provider;
	}

	private static ContextConsumer<AssertableWebApplicationContext> refused(String property) {
		return (context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo(property));
			assertThat(context.getStartupFailure()).rootCause()
				.message()
				.doesNotContain("0123456789abcdefghijklmnopqrstuv");
		};
	}

}

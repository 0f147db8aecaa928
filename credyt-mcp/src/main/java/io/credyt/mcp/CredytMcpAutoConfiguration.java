package io.credyt.mcp;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerStreamableHttpProperties;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStatelessServerTransport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.servlet.filter.OrderedFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import tools.jackson.databind.json.JsonMapper;

import io.credyt.adjust.Adjustments;
import io.credyt.ledger.Ledger;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStore;
import io.credyt.report.BillingReports;

/**
 * The billing MCP server: {@link BillingMcpTools} served by Spring AI's stateless Streamable HTTP
 * server at {@code credyt.mcp.path}, behind API keys ({@link McpApiKeyFilter}).
 * <p>
 * Off unless {@code credyt.mcp.enabled=true} ({@link McpServerDefaults} keeps Spring AI's server off
 * too). When on, the start-up fails without a valid key: one of at least 32 characters, a
 * {@code key_test_} key while payments are in test mode (or there is no payment provider), a
 * {@code key_live_} key while they are live, so a key made for a test app never works against a
 * live one. With Spring Security, every security filter chain lets the MCP path through and does not
 * ask it for a CSRF token: the API key, checked by a filter ahead of Spring Security, is its credential.
 */
@AutoConfiguration(
		afterName = { "io.credyt.autoconfigure.jdbc.CredytAdjustmentsAutoConfiguration",
				"io.credyt.autoconfigure.admin.CredytReportsAutoConfiguration",
				"io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration" },
		beforeName = "org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStatelessWebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = { "org.springframework.ai.mcp.annotation.McpTool",
		"org.springframework.ai.mcp.server.webmvc.transport.WebMvcStatelessServerTransport" })
@ConditionalOnBooleanProperty("credyt.mcp.enabled")
@EnableConfigurationProperties(CredytMcpProperties.class)
public final class CredytMcpAutoConfiguration {

	/**
	 * Ahead of Spring Security's filter chain (registered at
	 * {@code REQUEST_WRAPPER_FILTER_MAX_ORDER - 100}), so a request without a key never reaches it.
	 */
	static final int FILTER_ORDER = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 110;

	private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

	@Bean
	@ConditionalOnMissingBean
	McpApiKeys credytMcpApiKeys(CredytMcpProperties properties, ObjectProvider<PaymentProvider> provider) {
		validatePath(properties);
		PaymentProvider payments = provider.getIfAvailable();
		return McpApiKeys.of(properties.getApiKeys(), payments != null && payments.live());
	}

	/**
	 * The key check stays when billing is not there (say {@code credyt.enabled=false}): Spring AI's
	 * server is on, and other tools the application has must not be left open.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ Ledger.class, BillingReports.class })
	BillingMcpTools billingMcpTools(Ledger ledger, BillingReports reports, ObjectProvider<Adjustments> adjustments,
			ObjectProvider<PaymentStore> payments, ObjectProvider<PaymentProvider> provider,
			ConfigurableEnvironment environment, ObjectProvider<Clock> clock) {
		return new BillingMcpTools(ledger, reports, adjustments.getIfAvailable(), payments.getIfAvailable(),
				provider.getIfAvailable(), environment, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean(name = "credytMcpApiKeyFilter")
	FilterRegistrationBean<McpApiKeyFilter> credytMcpApiKeyFilter(McpApiKeys keys, CredytMcpProperties properties) {
		validatePath(properties);
		FilterRegistrationBean<McpApiKeyFilter> registration = new FilterRegistrationBean<>(new McpApiKeyFilter(keys));
		registration.setUrlPatterns(List.of(properties.getPath(), properties.getPath() + "/*"));
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

	/**
	 * Spring AI's stateless transport, with the name of the key the request presented in the
	 * transport context, where the tools read the operator from.
	 */
	@Bean
	@ConditionalOnMissingBean
	WebMvcStatelessServerTransport webMvcStatelessServerTransport(
			@Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper,
			ObjectProvider<McpServerStreamableHttpProperties> streamableHttp, CredytMcpProperties properties) {
		McpServerStreamableHttpProperties http = streamableHttp.getIfAvailable();
		String endpoint = (http != null) ? http.getMcpEndpoint() : properties.getPath();
		return WebMvcStatelessServerTransport.builder()
			.jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
			.messageEndpoint(endpoint)
			.contextExtractor((request) -> {
				Object keyName = request.servletRequest().getAttribute(McpApiKeyFilter.KEY_NAME_ATTRIBUTE);
				return (keyName != null)
						? McpTransportContext.create(Map.of(McpApiKeyFilter.KEY_NAME_ATTRIBUTE, keyName))
						: McpTransportContext.EMPTY;
			})
			.build();
	}

	static void validatePath(CredytMcpProperties properties) {
		String path = properties.getPath();
		if (path == null || !PATH.matcher(path).matches() || path.contains("/./") || path.endsWith("/.")
				|| path.contains("/../") || path.endsWith("/..")) {
			throw new InvalidConfigurationPropertyValueException("credyt.mcp.path", path,
					"a slash followed by segments of letters, digits, '.', '_', '~' and '-', "
							+ "without a trailing slash, e.g. /mcp");
		}
	}

	/**
	 * Lets the MCP path through every security filter chain Spring Security builds, and exempts it
	 * from CSRF protection: an agent has no session or CSRF token, and {@link McpApiKeyFilter} has
	 * already refused any request without a valid key.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.security.config.annotation.web.builders.HttpSecurity",
			"org.springframework.security.web.SecurityFilterChain" })
	static class McpSecurityConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "credytMcpSecurityCustomizer")
		Customizer<HttpSecurity> credytMcpSecurityCustomizer(CredytMcpProperties properties) {
			validatePath(properties);
			String[] paths = { properties.getPath(), properties.getPath() + "/**" };
			return (http) -> http.authorizeHttpRequests((requests) -> requests.requestMatchers(paths).permitAll())
				.csrf((csrf) -> csrf.ignoringRequestMatchers(paths));
		}

	}

}

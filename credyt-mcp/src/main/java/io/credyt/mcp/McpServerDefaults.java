package io.credyt.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points Spring AI's MCP server at the {@code credyt.mcp.*} settings, as defaults the application can
 * still override with its own {@code spring.ai.mcp.server.*} properties (the source is added last,
 * so any property the application sets wins).
 * <p>
 * The server is off unless {@code credyt.mcp.enabled=true}: adding {@code credyt-mcp} to the class
 * path never opens an endpoint by itself, whatever Spring AI's own default is. It is stateless
 * Streamable HTTP, so any instance behind a load balancer answers any request without sticky sessions.
 * The values are placeholders, resolved when Spring AI binds its properties, so they follow
 * {@code credyt.mcp.*} from any property source.
 */
public final class McpServerDefaults implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source this adds. */
	public static final String PROPERTY_SOURCE_NAME = "credytMcpServerDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.ai.mcp.server.enabled", "${credyt.mcp.enabled:false}");
		// Spring AI's annotation scanner follows the server: off while it is, so an application
		// with credyt-mcp and no MCP server scans nothing (and logs nothing about it)
		defaults.put("spring.ai.mcp.server.annotation-scanner.enabled", "${spring.ai.mcp.server.enabled}");
		defaults.put("spring.ai.mcp.server.protocol", "STATELESS");
		defaults.put("spring.ai.mcp.server.type", "SYNC");
		defaults.put("spring.ai.mcp.server.streamable-http.mcp-endpoint", "${credyt.mcp.path:/mcp}");
		defaults.put("spring.ai.mcp.server.name", "${credyt.mcp.name:credyt-billing}");
		defaults.put("spring.ai.mcp.server.version", version());
		if (environment.containsProperty("credyt.mcp.instructions")) {
			defaults.put("spring.ai.mcp.server.instructions", "${credyt.mcp.instructions}");
		}
		else {
			defaults.put("spring.ai.mcp.server.instructions", CredytMcpProperties.DEFAULT_INSTRUCTIONS);
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	private static String version() {
		String version = McpServerDefaults.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "0.1.0";
	}

	/** After the application's configuration files are read, so it can see {@code credyt.mcp.instructions}. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}

package io.credyt.mcp;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request to the MCP endpoint through only with {@code Authorization: Bearer <key>} for one
 * of the configured keys, and puts the key's name on the request ({@link #KEY_NAME_ATTRIBUTE}), where
 * the tools find it to name the operator. Anything else gets a 401 with a JSON-RPC error body and
 * {@code WWW-Authenticate: Bearer}, before the request reaches the MCP server.
 */
public final class McpApiKeyFilter extends OncePerRequestFilter {

	/** The request attribute holding the name of the key the request presented. */
	public static final String KEY_NAME_ATTRIBUTE = McpApiKeyFilter.class.getName() + ".keyName";

	private static final String BEARER = "Bearer ";

	private final McpApiKeys keys;

	/**
	 * Creates the filter.
	 * @param keys the keys that are let through
	 */
	public McpApiKeyFilter(McpApiKeys keys) {
		this.keys = keys;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		String presented = (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length()))
				? authorization.substring(BEARER.length()).trim() : null;
		Optional<String> name = this.keys.nameOf(presented);
		if (name.isEmpty()) {
			String problem = (presented == null) ? "an API key is required: Authorization: Bearer <key>"
					: "the API key is not valid";
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer realm=\"credyt-mcp\", error=\"invalid_token\"");
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			response.getWriter()
				.write("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"Unauthorized: "
						+ problem + "\"}}");
			return;
		}
		request.setAttribute(KEY_NAME_ATTRIBUTE, name.get());
		chain.doFilter(request, response);
	}

}

package io.credyt.stripe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.stripe.StripeClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server standing in for Stripe's API: answers canned JSON per method and path and
 * records every request, so tests never reach the internet.
 */
final class FakeStripe implements AutoCloseable {

	static final String SECRET_KEY = "sk_test_fake_key";

	private final HttpServer server;

	private final Map<String, Response> responses = new ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	FakeStripe() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String apiBase() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	StripeClient client() {
		return StripeClient.builder().setApiKey(SECRET_KEY).setApiBase(apiBase()).setMaxNetworkRetries(0).build();
	}

	void respond(String method, String path, int status, String json) {
		this.responses.put(method + " " + path, new Response(status, json));
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	Request onlyRequestTo(String method, String path) {
		List<Request> matching = this.requests.stream()
			.filter((request) -> request.method().equals(method) && request.path().equals(path))
			.toList();
		if (matching.size() != 1) {
			throw new AssertionError("Expected one " + method + " " + path + " but got " + this.requests);
		}
		return matching.get(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		String query = exchange.getRequestURI().getRawQuery();
		Map<String, String> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
		this.requests.add(new Request(method, path, headers, form(body), form(query)));
		Response response = this.responses.getOrDefault(method + " " + path, new Response(404,
				"{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\",\"message\":\"No such object\"}}"));
		byte[] bytes = response.json().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.getResponseHeaders().add("Request-Id", "req_fake");
		exchange.sendResponseHeaders(response.status(), bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> form(String encoded) {
		Map<String, String> params = new LinkedHashMap<>();
		if (encoded == null || encoded.isEmpty()) {
			return params;
		}
		for (String pair : encoded.split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode((eq >= 0) ? pair.substring(0, eq) : pair, StandardCharsets.UTF_8);
			String value = (eq >= 0) ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "";
			params.put(name, value);
		}
		return params;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	record Response(int status, String json) {
	}

	/** A request as Stripe would have received it: form parameters decoded, header names lower case. */
	record Request(String method, String path, Map<String, String> headers, Map<String, String> form,
			Map<String, String> query) {

		String header(String name) {
			return this.headers.get(name.toLowerCase());
		}

	}

}

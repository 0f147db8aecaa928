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
import org.jspecify.annotations.Nullable;

/**
 * A local HTTP server standing in for Stripe's API: answers canned JSON per method and path and
 * records every request, so tests never reach the internet.
 * <p>
 * {@code POST /v1/refunds} without a canned answer behaves as Stripe does: it makes a refund of
 * the request's {@code payment_intent} and {@code amount} in the status a test chose, or refuses
 * it the way a test chose; a replayed idempotency key gets the first answer again, and a key
 * reused with other parameters an {@code idempotency_error}. During an outage it answers a server
 * error and saves nothing for the key, so the same request is served afresh once it is over.
 */
final class FakeStripe implements AutoCloseable {

	static final String SECRET_KEY = "sk_test_fake_key";

	private final HttpServer server;

	private final Map<String, Response> responses = new ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<Refund> refunds = new CopyOnWriteArrayList<>();

	private final Map<String, Replay> refundAnswers = new ConcurrentHashMap<>();

	private volatile String refundStatus = "succeeded";

	private volatile @Nullable String refundFailureReason;

	private volatile @Nullable Response refundRefusal;

	private volatile @Nullable Response refundOutage;

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

	/**
	 * Makes new refunds end in one of Stripe's refund statuses: {@code succeeded} (until told
	 * otherwise), {@code pending}, {@code requires_action}, {@code failed} or {@code canceled}.
	 */
	void refundsEnd(String status, @Nullable String failureReason) {
		this.refundStatus = status;
		this.refundFailureReason = failureReason;
	}

	/** Makes Stripe refuse new refunds with an error of this HTTP status, type, code and message. */
	void refuseRefunds(int status, String type, String code, String message) {
		this.refundRefusal = new Response(status, """
				{"error": {"type": "%s", "code": "%s", "message": "%s"}}""".formatted(type, code, message));
	}

	/**
	 * Makes Stripe answer new refund requests with a server error of this HTTP status, before its
	 * idempotency layer saves anything (Stripe replays a 500 it did save; this is the outage it did
	 * not, like a failing load balancer), until {@link #refundOutageEnds()}.
	 */
	void refundOutage(int status) {
		this.refundOutage = new Response(status, """
				{"error": {"type": "api_error", "message": "An unknown error occurred"}}""");
	}

	/** Ends an outage begun by {@link #refundOutage(int)}. */
	void refundOutageEnds() {
		this.refundOutage = null;
	}

	/** The refunds made, one per idempotency key however often it was replayed. */
	List<Refund> refunds() {
		return List.copyOf(this.refunds);
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
		Request request = new Request(method, path, headers, form(body), form(query));
		this.requests.add(request);
		Response response = this.responses.get(method + " " + path);
		if (response == null && method.equals("POST") && path.equals("/v1/refunds")) {
			response = refund(request);
		}
		if (response == null) {
			response = new Response(404,
					"{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\",\"message\":\"No such object\"}}");
		}
		byte[] bytes = response.json().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.getResponseHeaders().add("Request-Id", "req_fake");
		exchange.sendResponseHeaders(response.status(), bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private synchronized Response refund(Request request) {
		Response outage = this.refundOutage;
		if (outage != null) {
			return outage;
		}
		String key = request.header("Idempotency-Key");
		Replay first = (key != null) ? this.refundAnswers.get(key) : null;
		if (first != null) {
			return first.form().equals(request.form()) ? first.response() : new Response(400, """
					{"error": {"type": "idempotency_error", "message": "Keys for idempotent requests can only be \
					used with the same parameters they were first used with. Try using a key other than '%s' if \
					you meant to execute a different request."}}""".formatted(key));
		}
		Response response = this.refundRefusal;
		if (response == null) {
			Refund refund = new Refund("re_fake_" + (this.refunds.size() + 1), request.form().get("payment_intent"),
					Long.parseLong(request.form().get("amount")), key);
			this.refunds.add(refund);
			String failureReason = this.refundFailureReason;
			response = new Response(200, """
					{"id": "%s", "object": "refund", "amount": %d, "currency": "usd", "payment_intent": "%s",
					 "status": "%s", "failure_reason": %s, "metadata": {"credyt_customer": "%s"}}"""
				.formatted(refund.id(), refund.amount(), refund.paymentIntent(), this.refundStatus,
						(failureReason != null) ? "\"" + failureReason + "\"" : "null",
						request.form().get("metadata[credyt_customer]")));
		}
		if (key != null) {
			this.refundAnswers.put(key, new Replay(request.form(), response));
		}
		return response;
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

	/** A refund as Stripe made it. */
	record Refund(String id, String paymentIntent, long amount, @Nullable String idempotencyKey) {
	}

	private record Replay(Map<String, String> form, Response response) {
	}

	/** A request as Stripe would have received it: form parameters decoded, header names lower case. */
	record Request(String method, String path, Map<String, String> headers, Map<String, String> form,
			Map<String, String> query) {

		String header(String name) {
			return this.headers.get(name.toLowerCase());
		}

	}

}

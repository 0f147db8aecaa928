package io.credyt.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Sends deliveries with the JDK's {@link HttpClient}: a connect timeout, a whole-request timeout,
 * no redirects followed (a receiver that moved answers {@code 3xx}, a failed attempt), the answer's
 * body discarded.
 */
public final class JdkWebhookTransport implements WebhookTransport {

	private final HttpClient client;

	private final Duration timeout;

	/**
	 * A transport.
	 * @param connectTimeout how long to wait for a connection
	 * @param timeout how long to wait for the answer
	 */
	public JdkWebhookTransport(Duration connectTimeout, Duration timeout) {
		this.client = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.timeout = timeout;
	}

	@Override
	public Response send(URI url, Map<String, String> headers, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("User-Agent", "Credyt-Webhooks/1")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		try {
			HttpResponse<Void> response = this.client.send(request.build(), HttpResponse.BodyHandlers.discarding());
			return new Response(response.statusCode(),
					Response.retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
		}
		catch (IOException ex) {
			throw new IllegalStateException("No answer from " + url.getHost() + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending to " + url.getHost(), ex);
		}
	}

}

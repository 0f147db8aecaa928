package io.credyt.autoconfigure.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.credyt.webhook.WebhookTransport;

/**
 * Sends deliveries with Spring's {@link RestClient} on the JDK's HTTP client: a connect timeout, a
 * read timeout, no redirects followed; any status is an answer (never an exception), so the
 * dispatcher decides what it means.
 */
final class RestClientWebhookTransport implements WebhookTransport {

	private final RestClient client;

	RestClientWebhookTransport(Duration connectTimeout, Duration readTimeout) {
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(readTimeout);
		this.client = RestClient.builder().requestFactory(requests).build();
	}

	@Override
	public Response send(URI url, Map<String, String> headers, String body) {
		return this.client.post()
			.uri(url)
			.contentType(MediaType.APPLICATION_JSON)
			.headers((sent) -> {
				headers.forEach(sent::set);
				sent.set("User-Agent", "Credyt-Webhooks/1");
			})
			.body(body)
			.exchange((request, response) -> new Response(response.getStatusCode().value(),
					Response.retryAfter(response.getHeaders().getFirst("Retry-After"))), true);
	}

}

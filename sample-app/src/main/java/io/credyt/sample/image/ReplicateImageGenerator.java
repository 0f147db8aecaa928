package io.credyt.sample.image;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Generates images with a model on <a href="https://replicate.com">Replicate</a> through its HTTP
 * API: creates a prediction in sync mode ({@code Prefer: wait}), keeps asking while it still runs,
 * then downloads the image its output points at. The API token goes to the API only, never to the
 * host the image is downloaded from.
 */
public final class ReplicateImageGenerator implements ImageGenerator {

	private final RestClient api;

	private final RestClient downloads;

	private final String model;

	private final Map<String, String> standardInput;

	private final Map<String, String> hdInput;

	private final Duration timeout;

	private final Duration pollInterval;

	public ReplicateImageGenerator(RestClient.Builder builder, ReplicateProperties properties) {
		String token = properties.getToken();
		Assert.isTrue(StringUtils.hasText(token), "sample.replicate.token must be set to generate with Replicate");
		Assert.isTrue(StringUtils.hasText(properties.getModel()), "sample.replicate.model must name a model");
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build());
		requestFactory.setReadTimeout(properties.getTimeout());
		this.api = builder.clone()
			.requestFactory(requestFactory)
			.baseUrl(properties.getBaseUrl().toString())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.build();
		this.downloads = builder.clone().requestFactory(requestFactory).build();
		this.model = properties.getModel().strip();
		this.standardInput = Map.copyOf(properties.getStandardInput());
		this.hdInput = Map.copyOf(properties.getHdInput());
		this.timeout = properties.getTimeout();
		this.pollInterval = properties.getPollInterval();
	}

	@Override
	public GeneratedImage generate(String prompt, boolean hd) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Prediction prediction = create(prompt, hd);
		while (prediction.isRunning()) {
			if (prediction.id() == null) {
				throw new ImageGenerationException("Replicate answered with a running prediction that has no id");
			}
			if (System.nanoTime() - deadline > 0) {
				throw new ImageGenerationException("Replicate prediction " + prediction.id() + " did not finish within "
						+ this.timeout.toMillis() + " ms");
			}
			pause();
			Prediction running = prediction;
			prediction = call(() -> this.api.get()
				.uri("/v1/predictions/{id}", running.id())
				.retrieve()
				.body(Prediction.class));
		}
		return download(prediction, outputUrl(prediction));
	}

	private Prediction create(String prompt, boolean hd) {
		Map<String, String> input = new LinkedHashMap<>(hd ? this.hdInput : this.standardInput);
		input.put("prompt", prompt);
		Map<String, Object> body = new LinkedHashMap<>();
		RestClient.RequestBodySpec request;
		int slash = this.model.indexOf('/');
		int colon = this.model.indexOf(':');
		if (slash > 0 && colon < 0) {
			request = this.api.post()
				.uri("/v1/models/{owner}/{name}/predictions", this.model.substring(0, slash),
						this.model.substring(slash + 1));
		}
		else {
			body.put("version", this.model.substring(colon + 1));
			request = this.api.post().uri("/v1/predictions");
		}
		body.put("input", input);
		return call(() -> request.header("Prefer", "wait")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(Prediction.class));
	}

	private String outputUrl(Prediction prediction) {
		String status = prediction.status();
		if ("failed".equals(status)) {
			throw new ImageGenerationException("Replicate prediction " + prediction.id() + " failed: "
					+ ((prediction.error() != null) ? prediction.error() : "no reason given"));
		}
		if (!"succeeded".equals(status)) {
			throw new ImageGenerationException("Replicate prediction " + prediction.id() + " ended " + status);
		}
		Object output = prediction.output();
		if (output instanceof List<?> list && !list.isEmpty()) {
			output = list.get(0);
		}
		if (output instanceof String url && StringUtils.hasText(url)) {
			return url;
		}
		throw new ImageGenerationException(
				"Replicate prediction " + prediction.id() + " succeeded without an image URL in its output: " + output);
	}

	private GeneratedImage download(Prediction prediction, String url) {
		ResponseEntity<byte[]> response = call(() -> this.downloads.get()
			.uri(URI.create(url))
			.accept(MediaType.parseMediaType("image/*"))
			.retrieve()
			.toEntity(byte[].class));
		byte[] bytes = response.getBody();
		if (bytes == null || bytes.length == 0) {
			throw new ImageGenerationException("The image of Replicate prediction " + prediction.id() + " at " + url
					+ " was empty");
		}
		return new GeneratedImage(contentType(response.getHeaders().getContentType(), url), bytes);
	}

	private static String contentType(@Nullable MediaType declared, String url) {
		if (declared != null && "image".equals(declared.getType())) {
			return declared.getType() + "/" + declared.getSubtype();
		}
		return MediaTypeFactory.getMediaType(URI.create(url).getPath())
			.filter((type) -> "image".equals(type.getType()))
			.map(MediaType::toString)
			.orElse(MediaType.IMAGE_PNG_VALUE);
	}

	private <T> T call(Call<T> call) {
		T result;
		try {
			result = call.run();
		}
		catch (RestClientResponseException ex) {
			throw new ImageGenerationException("Replicate answered " + ex.getStatusCode().value() + ": "
					+ abbreviate(ex.getResponseBodyAsString()), ex);
		}
		catch (RestClientException ex) {
			Throwable cause = ex.getMostSpecificCause();
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				throw new ImageGenerationException(
						"Replicate did not answer within " + this.timeout.toMillis() + " ms", ex);
			}
			String reason = (cause != ex) ? ex.getMessage() + " (" + cause + ")" : ex.getMessage();
			throw new ImageGenerationException("Could not reach Replicate: " + reason, ex);
		}
		if (result == null) {
			throw new ImageGenerationException("Replicate answered with an empty body");
		}
		return result;
	}

	private void pause() {
		try {
			Thread.sleep(this.pollInterval.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ImageGenerationException("Interrupted while waiting for Replicate", ex);
		}
	}

	private static String abbreviate(String text) {
		String oneLine = text.strip().replaceAll("\\s+", " ");
		return (oneLine.length() <= 300) ? oneLine : oneLine.substring(0, 300) + "…";
	}

	@FunctionalInterface
	private interface Call<T> {

		@Nullable T run();

	}

	/**
	 * The part of Replicate's prediction object this client reads.
	 *
	 * @param id the prediction id
	 * @param status {@code starting}, {@code processing}, {@code succeeded}, {@code failed} or
	 * {@code canceled}
	 * @param output the model's output: for image models, a URL or a list of URLs
	 * @param error why it failed
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Prediction(@Nullable String id, @Nullable String status, @Nullable Object output, @Nullable Object error) {

		boolean isRunning() {
			return "starting".equals(this.status) || "processing".equals(this.status);
		}

	}

}

package io.credyt.sample.image;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Generating with Replicate instead of drawing locally: set {@code sample.replicate.token}
 * (environment variable {@code SAMPLE_REPLICATE_TOKEN}).
 */
@ConfigurationProperties("sample.replicate")
public class ReplicateProperties {

	/**
	 * Replicate API token. When set, images are generated with Replicate; when not, they are drawn
	 * locally.
	 */
	private @Nullable String token;

	/**
	 * Base URL of Replicate's HTTP API.
	 */
	private URI baseUrl = URI.create("https://api.replicate.com");

	/**
	 * Model to run: "owner/name" for an official model, or "owner/name:version" (or a bare version
	 * id) for a community model.
	 */
	private String model = "black-forest-labs/flux-schnell";

	/**
	 * Model input for a standard image, besides the prompt.
	 */
	private Map<String, String> standardInput = new LinkedHashMap<>(Map.of("megapixels", "0.25", "output_format", "png"));

	/**
	 * Model input for an HD image, besides the prompt.
	 */
	private Map<String, String> hdInput = new LinkedHashMap<>(Map.of("megapixels", "1", "output_format", "png"));

	/**
	 * How long to wait for a prediction and its image, in all.
	 */
	private Duration timeout = Duration.ofMinutes(2);

	/**
	 * How often to ask about a prediction that is still running once the synchronous wait is over.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public URI getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(URI baseUrl) {
		this.baseUrl = baseUrl;
	}

	public String getModel() {
		return this.model;
	}

	public void setModel(String model) {
		this.model = model;
	}

	public Map<String, String> getStandardInput() {
		return this.standardInput;
	}

	public void setStandardInput(Map<String, String> standardInput) {
		this.standardInput = standardInput;
	}

	public Map<String, String> getHdInput() {
		return this.hdInput;
	}

	public void setHdInput(Map<String, String> hdInput) {
		this.hdInput = hdInput;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

}

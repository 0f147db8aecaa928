package io.credyt.sample.image;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Replicate client against a stub of Replicate's HTTP API on a local port: never the internet.
 */
class ReplicateImageGeneratorTests {

	private static final String TOKEN = "r8_test_token";

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3 };

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private String base;

	@BeforeEach
	void startStub() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.start();
		this.base = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.server.createContext("/files/fox.png", (exchange) -> respond(exchange, 200, "image/png", PNG));
	}

	@AfterEach
	void stopStub() {
		this.server.stop(0);
	}

	@Test
	void createsAPredictionOnTheModelWithTheTokenAndPromptThenDownloadsTheImage() {
		predictionsRespond("/v1/models/black-forest-labs/flux-schnell/predictions", 201,
				"{\"id\":\"p1\",\"status\":\"succeeded\",\"output\":[\"" + this.base + "/files/fox.png\"],"
						+ "\"urls\":{\"get\":\"" + this.base + "/v1/predictions/p1\"},\"metrics\":{\"predict_time\":0.9}}");

		GeneratedImage image = generator(properties()).generate("A fox in the snow", true);

		assertThat(image.contentType()).isEqualTo("image/png");
		assertThat(image.bytes()).isEqualTo(PNG);
		assertThat(this.requests).hasSize(2);
		Recorded create = this.requests.get(0);
		assertThat(create.method()).isEqualTo("POST");
		assertThat(create.path()).isEqualTo("/v1/models/black-forest-labs/flux-schnell/predictions");
		assertThat(create.authorization()).isEqualTo("Bearer " + TOKEN);
		assertThat(create.prefer()).isEqualTo("wait");
		JsonNode input = this.json.readTree(create.body()).path("input");
		assertThat(input.path("prompt").asString()).isEqualTo("A fox in the snow");
		assertThat(input.path("megapixels").asString()).isEqualTo("1");
		Recorded download = this.requests.get(1);
		assertThat(download.method()).isEqualTo("GET");
		assertThat(download.path()).isEqualTo("/files/fox.png");
		assertThat(download.authorization()).as("the token never leaves for the file host").isNull();
	}

	@Test
	void standardImagesAskForTheStandardInputAndAcceptASingleOutputUrl() {
		predictionsRespond("/v1/models/black-forest-labs/flux-schnell/predictions", 201,
				"{\"id\":\"p2\",\"status\":\"succeeded\",\"output\":\"" + this.base + "/files/fox.png\"}");

		GeneratedImage image = generator(properties()).generate("A fox", false);

		assertThat(image.bytes()).isEqualTo(PNG);
		JsonNode input = this.json.readTree(this.requests.get(0).body()).path("input");
		assertThat(input.path("megapixels").asString()).isEqualTo("0.25");
		assertThat(input.path("output_format").asString()).isEqualTo("png");
	}

	@Test
	void aCommunityModelVersionRunsThroughThePredictionsEndpoint() {
		predictionsRespond("/v1/predictions", 201,
				"{\"id\":\"p3\",\"status\":\"succeeded\",\"output\":[\"" + this.base + "/files/fox.png\"]}");
		ReplicateProperties properties = properties();
		properties.setModel("someone/some-model:5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa");

		generator(properties).generate("A fox", false);

		JsonNode body = this.json.readTree(this.requests.get(0).body());
		assertThat(this.requests.get(0).path()).isEqualTo("/v1/predictions");
		assertThat(body.path("version").asString())
			.isEqualTo("5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa");
		assertThat(body.path("input").path("prompt").asString()).isEqualTo("A fox");
	}

	@Test
	void aPredictionStillRunningAfterTheWaitIsAskedAboutUntilItSucceeds() {
		predictionsRespond("/v1/models/black-forest-labs/flux-schnell/predictions", 201,
				"{\"id\":\"p4\",\"status\":\"processing\",\"output\":null}");
		predictionsRespond("/v1/predictions/p4", 200,
				"{\"id\":\"p4\",\"status\":\"succeeded\",\"output\":[\"" + this.base + "/files/fox.png\"]}");

		GeneratedImage image = generator(properties()).generate("A fox", false);

		assertThat(image.bytes()).isEqualTo(PNG);
		assertThat(this.requests).extracting(Recorded::path)
			.containsExactly("/v1/models/black-forest-labs/flux-schnell/predictions", "/v1/predictions/p4",
					"/files/fox.png");
		assertThat(this.requests.get(1).authorization()).isEqualTo("Bearer " + TOKEN);
	}

	@Test
	void aFailedPredictionRaisesAnExceptionWithReplicatesReason() {
		predictionsRespond("/v1/models/black-forest-labs/flux-schnell/predictions", 201,
				"{\"id\":\"p5\",\"status\":\"failed\",\"output\":null,\"error\":\"NSFW content detected\"}");

		assertThatExceptionOfType(ImageGenerationException.class)
			.isThrownBy(() -> generator(properties()).generate("A fox", false))
			.withMessage("Replicate prediction p5 failed: NSFW content detected");
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void anApiErrorRaisesAnExceptionWithTheStatusAndReplicatesDetail() {
		predictionsRespond("/v1/models/black-forest-labs/flux-schnell/predictions", 401,
				"{\"title\":\"Unauthenticated\",\"detail\":\"You did not pass a valid authentication token\",\"status\":401}");

		assertThatExceptionOfType(ImageGenerationException.class)
			.isThrownBy(() -> generator(properties()).generate("A fox", false))
			.withMessageStartingWith("Replicate answered 401: ")
			.withMessageContaining("You did not pass a valid authentication token");
	}

	@Test
	void aPredictionThatDoesNotFinishInTimeRaisesAnException() {
		predictionsRespond("/v1/models/black-forest-labs/flux-schnell/predictions", 201,
				"{\"id\":\"p6\",\"status\":\"starting\"}");
		predictionsRespond("/v1/predictions/p6", 200, "{\"id\":\"p6\",\"status\":\"processing\"}");
		ReplicateProperties properties = properties();
		// also the read timeout of each request: ample for a stub that answers at once
		properties.setTimeout(Duration.ofMillis(1500));
		properties.setPollInterval(Duration.ofMillis(20));

		assertThatExceptionOfType(ImageGenerationException.class)
			.isThrownBy(() -> generator(properties).generate("A fox", false))
			.withMessageContaining("p6 did not finish");
	}

	@Test
	void anApiThatDoesNotAnswerInTimeRaisesAnException() {
		this.server.createContext("/v1/models/black-forest-labs/flux-schnell/predictions", (exchange) -> {
			try {
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		ReplicateProperties properties = properties();
		properties.setTimeout(Duration.ofMillis(200));

		assertThatExceptionOfType(ImageGenerationException.class)
			.isThrownBy(() -> generator(properties).generate("A fox", false))
			.withMessage("Replicate did not answer within 200 ms");
	}

	@Test
	void aMissingImageRaisesAnException() {
		predictionsRespond("/v1/models/black-forest-labs/flux-schnell/predictions", 201,
				"{\"id\":\"p7\",\"status\":\"succeeded\",\"output\":[\"" + this.base + "/files/gone.png\"]}");

		assertThatExceptionOfType(ImageGenerationException.class)
			.isThrownBy(() -> generator(properties()).generate("A fox", false))
			.withMessageStartingWith("Replicate answered 404");
	}

	private ReplicateProperties properties() {
		ReplicateProperties properties = new ReplicateProperties();
		properties.setToken(TOKEN);
		properties.setBaseUrl(java.net.URI.create(this.base));
		return properties;
	}

	private static ReplicateImageGenerator generator(ReplicateProperties properties) {
		return new ReplicateImageGenerator(RestClient.builder(), properties);
	}

	private void predictionsRespond(String path, int status, String body) {
		this.server.createContext(path, (exchange) -> {
			if (!exchange.getRequestURI().getPath().equals(path)) {
				respond(exchange, 404, "application/json", "{\"detail\":\"Not found\"}".getBytes(StandardCharsets.UTF_8));
				return;
			}
			respond(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
		});
	}

	private void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		this.requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Prefer"),
				requestBody));
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	record Recorded(String method, String path, @Nullable String authorization, @Nullable String prefer, String body) {
	}

}

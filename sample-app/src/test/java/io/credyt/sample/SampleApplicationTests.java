package io.credyt.sample;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the app on a fresh in-memory H2 database per test and drives it over HTTP, the way a
 * browser does (following the post-redirect-get and keeping the session cookie for its messages).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:sample-${random.uuid};LOCK_TIMEOUT=10000")
@DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NORMAL)
		.build();

	@Test
	void homePageShowsTheDemoCustomersSignUpBalanceAndFreeImages() throws Exception {
		HttpResponse<String> home = get("/");

		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("Credyt image demo");
		assertThat(shown("balance", home)).isEqualTo("$5.00");
		assertThat(shown("free-images", home)).isEqualTo("10");
	}

	@Test
	void generatingAnImageUsesAFreeImageBeforeTheBalance() throws Exception {
		HttpResponse<String> home = generate(true);

		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.uri().getPath()).isEqualTo("/");
		assertThat(shown("free-images", home)).isEqualTo("9");
		assertThat(shown("balance", home)).isEqualTo("$5.00");
		assertThat(shown("message", home)).isEqualTo("Generated an HD image: used a free image.");
	}

	@Test
	void generatingPastTheBalanceShowsAFriendlyMessageAndChargesNothing() throws Exception {
		// 10 free HD images, then 12 at $0.40 from the $5.00
		HttpResponse<String> home = generate(true, 22);
		assertThat(shown("free-images", home)).isEqualTo("0");
		assertThat(shown("balance", home)).isEqualTo("$0.20");
		assertThat(shown("message", home)).isEqualTo("Generated an HD image: charged $0.40.");

		home = generate(true);

		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(shown("problem", home)).isEqualTo("Not enough balance for an HD image ($0.40). Nothing was charged.");
		assertThat(shown("balance", home)).isEqualTo("$0.20");
		assertThat(home.body()).doesNotContain("id=\"message\"");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> generate(boolean hd, int times) throws IOException, InterruptedException {
		HttpResponse<String> last = generate(hd);
		for (int i = 1; i < times; i++) {
			last = generate(hd);
		}
		return last;
	}

	private HttpResponse<String> generate(boolean hd) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri("/generate"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(hd ? "hd=true" : ""))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String shown(String id, HttpResponse<String> page) {
		Matcher matcher = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(page.body());
		assertThat(matcher.find()).as("element #%s on the page", id).isTrue();
		return matcher.group(1);
	}

}

package io.credyt.sample;

import java.util.Map;

import io.credyt.ledger.Balance;
import io.credyt.sample.Browser.Page;
import io.credyt.sample.image.ImageGenerationException;
import io.credyt.sample.image.ImageGenerator;
import io.credyt.test.AutoConfigureCredytTest;
import io.credyt.test.CredytTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static io.credyt.test.CredytAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;

/**
 * When the model fails, the user is told so and nothing is charged: the hold Credyt placed
 * before the call is released.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:failures-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
@AutoConfigureCredytTest
class FailedGenerationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private CredytTest credyt;

	@MockitoBean
	private ImageGenerator generator;

	@Test
	void failedGenerationIsShownAndChargesNothing(CapturedOutput output) {
		given(this.generator.generate(anyString(), anyBoolean()))
			.willThrow(new ImageGenerationException("Replicate prediction p1 failed: NSFW content detected"));
		Browser browser = new Browser(this.port);
		Page page = browser.submit(browser.get("/sign-up"), "sign-up",
				Map.of("username", "unlucky", "password", "a long enough password"));
		Balance before = this.credyt.balance("unlucky");

		page = browser.submit(page, "generate", Map.of("prompt", "Something the model refuses", "hd", "true"));

		assertThat(page.path()).isEqualTo("/generate");
		assertThat(page.text("problem"))
			.isEqualTo("The image could not be generated, and nothing was charged. Try again, or change the prompt.");
		assertThat(page.text("free-images")).isEqualTo("10 free images");
		assertThat(page.has("image")).isFalse();
		assertThat(this.credyt.billing("unlucky")).hasNoUsage().hasNothingHeld().hasFreeUnits("image", 10);
		assertThat(this.credyt.balance("unlucky")).isEqualTo(before);
		assertThat(output).contains("Image generation failed for unlucky: Replicate prediction p1 failed: NSFW content detected");
	}

}

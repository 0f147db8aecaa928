package io.credyt.autoconfigure.portal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signing secret generated and kept in the database lets anyone who reads the database forge
 * portal links, so its generation is warned about at every start-up; a configured one is not.
 * The warning stays in test mode: a test deployment others can reach still shows real people's
 * usage.
 */
@ExtendWith(OutputCaptureExtension.class)
class PortalSigningSecretWarningTests {

	private static final String WARNING = "No credyt.portal.signing-secret is set";

	private final WebApplicationContextRunner runner = Portals.runner();

	@Test
	void aGeneratedSecretIsWarnedAboutAtStartUp(CapturedOutput output) {
		this.runner.run((context) -> assertThat(context).hasNotFailed());

		assertThat(output).contains(WARNING).contains("credyt_secret").contains("In production, set");
		assertThat(output.toString().lines().filter((line) -> line.contains(WARNING))).singleElement()
			.asString()
			.contains("WARN");
	}

	@Test
	void aConfiguredSecretIsNotWarnedAbout(CapturedOutput output) {
		this.runner.withPropertyValues("credyt.portal.signing-secret=0123456789abcdef0123456789abcdef")
			.run((context) -> assertThat(context).hasNotFailed());

		assertThat(output).doesNotContain(WARNING);
	}

	@Test
	void theWarningIsLoggedAtStartUpBeforeAnyLinkIsMade(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(output).contains(WARNING);
			assertThat(context.getBean(PortalLinks.class).verify(Portals.link(context, "alice").split("=")[1]))
				.isEqualTo("alice");
		});
	}

}

package io.credyt.sample;

import java.util.Map;

import javax.sql.DataSource;

import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.sample.Browser.Page;
import io.credyt.testing.FaultInjectingDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the database drops the connection while an image's usage is committed, the user sees the
 * error page (500), the failure is logged at WARN, and the image is neither shown nor charged:
 * the request used to end in an empty {@code 200 OK}. Runs on every database the app supports.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = BillingFailureTests.FaultyDatabase.class)
abstract class BillingFailureTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Ledger ledger;

	@Autowired
	private FaultyDatabase.Wrapper database;

	@AfterEach
	void disarm() {
		this.database.faulty().disarm();
	}

	@Test
	void aDroppedCommitOfTheUsageShowsTheErrorPageAndChargesNothing(CapturedOutput output) {
		Browser browser = new Browser(this.port);
		Page page = browser.submit(browser.get("/sign-up"), "sign-up",
				Map.of("username", "dropped", "password", "a long enough password"));
		this.database.faulty().failCommitsAfter("into credyt_usage_event");

		page = browser.submit(page, "generate", Map.of("prompt", "A lighthouse in a storm", "hd", "false"));

		assertThat(page.status()).isEqualTo(500);
		assertThat(page.path()).isEqualTo("/generate");
		assertThat(page.text("error-status")).isEqualTo("500 · Internal Server Error");
		assertThat(page.text("error-explanation")).isEqualTo("Something went wrong on our side. Try again in a moment.");
		assertThat(this.database.faulty().failures()).isPositive();
		assertThat(output).contains("WARN")
			.contains("ImageService.generate returned, but capturing its hold")
			.contains("Injected fault: An I/O error occurred while sending to the backend");
		this.database.faulty().disarm();
		assertThat(this.ledger.usage("dropped", PageRequest.of(0, 10)).total()).isZero();
	}

	/**
	 * Puts the app's data source behind a {@link FaultInjectingDataSource}, which the test reaches
	 * through the {@link Wrapper} bean.
	 */
	static class FaultyDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getBeanFactory().registerSingleton("faultyDatabase", new Wrapper());
		}

		/** Wraps the {@code dataSource} bean as it is created. */
		static final class Wrapper implements BeanPostProcessor {

			private @Nullable FaultInjectingDataSource faulty;

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource dataSource && beanName.equals("dataSource")) {
					FaultInjectingDataSource wrapped = FaultInjectingDataSource.wrap(dataSource);
					this.faulty = wrapped;
					return wrapped.dataSource();
				}
				return bean;
			}

			FaultInjectingDataSource faulty() {
				assertThat(this.faulty).as("the app's data source, wrapped").isNotNull();
				return this.faulty;
			}

		}

	}

}

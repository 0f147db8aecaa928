package io.credyt.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import io.credyt.annotation.Billable;
import io.credyt.autoconfigure.jdbc.CredytJdbcAutoConfiguration;
import io.credyt.autoconfigure.metrics.CredytMetricsAutoConfiguration;
import io.credyt.autoconfigure.web.CredytWebAutoConfiguration;
import io.credyt.ledger.Ledger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application, as a user writes it: {@code @EnableAutoConfiguration}, the README's
 * {@code application.yml} and a {@code @Billable} service.
 */
class ApplicationTests {

	@Test
	void everyAutoConfigurationIsListedForSpringBootToFind() {
		List<String> candidates = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates();
		assertThat(candidates).contains(CredytAutoConfiguration.class.getName(),
				CredytJdbcAutoConfiguration.class.getName(), CredytMetricsAutoConfiguration.class.getName(),
				CredytWebAutoConfiguration.class.getName());
	}

	@Test
	void anApplicationWithTheReadmeSettingsBillsItsBillableMethods() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties("spring.config.location=classpath:readme-example.yml")
			.run()) {
			Images images = context.getBean(Images.class);
			Ledger ledger = context.getBean(Ledger.class);
			images.generate("dave", true);
			assertThat(ledger.balance("dave").entitled("image")).isEqualByComparingTo("9");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Images.class)
	static class Application {

	}

	public static class Images {

		@Billable(product = "image", customer = "#customer", dimensions = "quality=#hd ? 'hd' : 'standard'")
		public String generate(String customer, boolean hd) {
			return "an image";
		}

	}

}

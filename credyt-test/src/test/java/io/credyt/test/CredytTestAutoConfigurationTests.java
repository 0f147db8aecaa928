package io.credyt.test;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.credyt.autoconfigure.CredytAutoConfiguration;
import io.credyt.autoconfigure.jdbc.CredytJdbcAutoConfiguration;
import io.credyt.ledger.Ledger;

import static org.assertj.core.api.Assertions.assertThat;

class CredytTestAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CredytTestAutoConfiguration.class));

	@Test
	void theKitWorksOnTheApplicationsLedger() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					CredytJdbcAutoConfiguration.class, CredytAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:kit-auto;DB_CLOSE_DELAY=-1",
					"credyt.products.image.price=0.25")
			.run((context) -> {
				assertThat(context).hasSingleBean(CredytTest.class);
				assertThat(context.getBean(CredytTest.class).ledger()).isSameAs(context.getBean(Ledger.class));
			});
	}

	@Test
	void withoutALedgerThereIsNoKit() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CredytTest.class));
	}

	@Test
	void aKitTheTestDefinesWins() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					CredytJdbcAutoConfiguration.class, CredytAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:kit-own;DB_CLOSE_DELAY=-1",
					"credyt.products.image.price=0.25")
			.withUserConfiguration(OwnKit.class)
			.run((context) -> assertThat(context).getBean(CredytTest.class).isSameAs(context.getBean("ownKit")));
	}

	@Test
	void theAnnotationImportsTheKit() {
		assertThat(AutoConfigureCredytTest.class.getClassLoader()
			.getResource("META-INF/spring/" + AutoConfigureCredytTest.class.getName() + ".imports")).isNotNull();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnKit {

		@Bean
		CredytTest ownKit(Ledger ledger) {
			return new CredytTest(ledger, null, null);
		}

	}

}

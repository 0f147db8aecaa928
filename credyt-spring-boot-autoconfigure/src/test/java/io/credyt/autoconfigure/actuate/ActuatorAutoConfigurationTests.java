package io.credyt.autoconfigure.actuate;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.credyt.autoconfigure.CredytAutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;

class ActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, CredytActuatorAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.catalog())
		.withPropertyValues("management.endpoints.web.exposure.include=health,credyt");

	@Test
	void theEndpointAndTheHealthIndicatorAreThereWithActuator() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(CredytEndpoint.class);
			assertThat(context).hasSingleBean(JdbcCredytStatus.class);
			assertThat(context).hasBean("credytHealthIndicator");
			assertThat(context.getBean("credytHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UP);
		});
	}

	@Test
	void everythingBacksOffWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CredytEndpoint.class);
			assertThat(context).doesNotHaveBean(JdbcCredytStatus.class);
			assertThat(context).doesNotHaveBean("credytHealthIndicator");
		});
	}

	@Test
	void theHealthIndicatorBacksOffWithoutTheHealthModule() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(CredytEndpoint.class);
			assertThat(context).doesNotHaveBean("credytHealthIndicator");
		});
	}

	@Test
	void theEndpointIsOnlyCreatedWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health").run((context) -> {
			assertThat(context).doesNotHaveBean(CredytEndpoint.class);
			assertThat(context).hasBean("credytHealthIndicator");
		});
	}

	@Test
	void theHealthIndicatorCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.credyt.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("credytHealthIndicator");
			assertThat(context).hasSingleBean(CredytEndpoint.class);
		});
	}

	@Test
	void nothingIsConfiguredWhenCredytIsDisabled() {
		this.runner.withPropertyValues("credyt.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(CredytEndpoint.class);
			assertThat(context).doesNotHaveBean("credytHealthIndicator");
		});
	}

	@Test
	void theApplicationsOwnBeansWin() {
		this.runner.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(CredytEndpoint.class);
			assertThat(context).hasBean("ownEndpoint");
			assertThat(context.getBean("credytHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		@Bean
		CredytEndpoint ownEndpoint(JdbcCredytStatus status) {
			return new CredytEndpoint(status);
		}

		@Bean
		HealthIndicator credytHealthIndicator() {
			return () -> Health.outOfService().build();
		}

	}

}

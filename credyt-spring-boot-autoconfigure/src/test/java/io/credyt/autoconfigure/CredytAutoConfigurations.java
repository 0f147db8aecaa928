package io.credyt.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import io.credyt.autoconfigure.jdbc.CredytJdbcAutoConfiguration;
import io.credyt.autoconfigure.metrics.CredytMetricsAutoConfiguration;
import io.credyt.autoconfigure.web.CredytWebAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests start contexts with: Credyt's auto-configurations, Boot's data source (an
 * in-memory H2 database with a unique name per context), and a product catalog.
 */
public final class CredytAutoConfigurations {

	private CredytAutoConfigurations() {
	}

	/**
	 * Adds {@code test-catalog.yml}: an image at $0.25, $0.40 in HD, costing the operator $0.20;
	 * a video at $1; 2 free images for each new customer.
	 * @return an initializer that adds it
	 */
	public static ApplicationContextInitializer<ConfigurableApplicationContext> catalog() {
		return yaml("test-catalog.yml");
	}

	/**
	 * Adds a YAML file from the test class path, as an application would declare its settings.
	 * @param name the file name
	 * @return an initializer that adds it
	 */
	public static ApplicationContextInitializer<ConfigurableApplicationContext> yaml(String name) {
		return (context) -> {
			try {
				for (PropertySource<?> source : new YamlPropertySourceLoader().load(name,
						new ClassPathResource(name))) {
					context.getEnvironment().getPropertySources().addLast(source);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	/**
	 * The invalid property a failed start-up reports.
	 * @param failure the start-up failure
	 * @return the exception that names the property
	 */
	public static InvalidConfigurationPropertyValueException invalidProperty(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidConfigurationPropertyValueException invalid) {
				return invalid;
			}
		}
		throw new AssertionError("The start-up did not fail for an invalid property", failure);
	}

	/**
	 * Asserts that a context did not start because of an invalid property, and which one.
	 * @param context the context
	 * @param property the property the failure must name
	 * @return the failure, for assertions on the value and the message
	 */
	public static InvalidConfigurationPropertyValueException refusedProperty(ApplicationContextAssertProvider<?> context,
			String property) {
		assertThat(context).hasFailed();
		InvalidConfigurationPropertyValueException invalid = invalidProperty(context.getStartupFailure());
		assertThat(invalid.getName()).isEqualTo(property);
		return invalid;
	}

	/**
	 * Credyt's four auto-configurations.
	 * @return them
	 */
	public static AutoConfigurations credyt() {
		return AutoConfigurations.of(CredytJdbcAutoConfiguration.class, CredytAutoConfiguration.class,
				CredytMetricsAutoConfiguration.class, CredytWebAutoConfiguration.class);
	}

	/**
	 * Boot's data source and transaction auto-configurations.
	 * @return them
	 */
	public static AutoConfigurations dataSource() {
		return AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class);
	}

}

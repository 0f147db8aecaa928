package io.credyt.sample;

import javax.sql.DataSource;

import io.credyt.autoconfigure.jdbc.SchemaLock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.ApplicationDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the app's own schema script ({@code spring.sql.init}: the sign-in tables of
 * {@code db/users.sql}) the way Spring Boot would, but under Credyt's {@link SchemaLock}, so that
 * instances starting at once on an empty PostgreSQL database do not race each other's
 * {@code CREATE TABLE IF NOT EXISTS} (which PostgreSQL does not make safe on its own).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SqlInitializationProperties.class)
class SchemaConfiguration {

	@Bean
	ApplicationDataSourceScriptDatabaseInitializer dataSourceScriptDatabaseInitializer(DataSource dataSource,
			SqlInitializationProperties properties) {
		return new ApplicationDataSourceScriptDatabaseInitializer(dataSource, properties) {

			@Override
			protected void runScripts(Scripts scripts) {
				SchemaLock.runScripts(dataSource, scripts);
			}

		};
	}

}

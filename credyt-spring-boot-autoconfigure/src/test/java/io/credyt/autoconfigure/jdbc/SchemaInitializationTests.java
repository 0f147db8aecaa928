package io.credyt.autoconfigure.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptStatementFailedException;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.ledger.Customer;
import io.credyt.ledger.Ledger;
import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaInitializationTests {

	private static final String[] TABLES = { "credyt_customer", "credyt_account", "credyt_grant",
			"credyt_entitlement", "credyt_hold", "credyt_entitlement_use", "credyt_usage_event", "credyt_adjustment",
			"credyt_action", "credyt_refund", "credyt_payment_refund", "credyt_entry", "credyt_rounding", "credyt_payment", "credyt_payment_method", "credyt_auto_top_up",
			"credyt_payment_customer", "credyt_secret",
			"credyt_test_checkout", "credyt_test_card", "credyt_portal_link", "credyt_webhook_destination",
			"credyt_webhook_event", "credyt_webhook_delivery", "credyt_subscription", "credyt_subscription_charge",
			"credyt_subscription_change" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withInitializer(CredytAutoConfigurations.catalog());

	private HikariDataSource database;

	@AfterEach
	void dispose() {
		if (this.database != null) {
			TestDatabases.dispose(this.database);
		}
	}

	@Test
	void anEmbeddedH2DatabaseGetsTheTablesWithNoSetting() {
		this.runner.withConfiguration(CredytAutoConfigurations.dataSource()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(tables(context.getBean(DataSource.class))).containsExactlyInAnyOrder(TABLES);
		});
	}

	@Test
	void neverLeavesAnEmbeddedH2DatabaseUntouched() {
		this.runner.withConfiguration(CredytAutoConfigurations.dataSource())
			.withPropertyValues("credyt.jdbc.initialize-schema=never")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tables(context.getBean(DataSource.class))).isEmpty();
			});
	}

	@Test
	void alwaysCreatesTheTablesOnAnH2DatabaseThatIsNotEmbedded() {
		this.runner.withBean(DataSource.class, () -> this.database = TestDatabases.h2())
			.withPropertyValues("credyt.jdbc.initialize-schema=always")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tables(this.database)).containsExactlyInAnyOrder(TABLES);
			});
	}

	@Test
	void postgreSqlIsNotEmbeddedSoItGetsNoTablesByDefault() {
		this.runner.withBean(DataSource.class, () -> this.database = TestDatabases.postgres()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(tables(this.database)).isEmpty();
		});
	}

	@Test
	void alwaysCreatesTheTablesOnPostgreSql() {
		this.runner.withBean(DataSource.class, () -> this.database = TestDatabases.postgres())
			.withPropertyValues("credyt.jdbc.initialize-schema=always")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tables(this.database)).containsExactlyInAnyOrder(TABLES);
				Ledger ledger = context.getBean(Ledger.class);
				assertThat(ledger.customer("alice").externalId()).isEqualTo("alice");
			});
	}

	@Test
	void alwaysCreatesTheTablesOnPostgreSqlThroughAPoolThatDoesNotAutoCommit() {
		this.runner.withBean(DataSource.class, () -> {
			this.database = TestDatabases.postgres();
			this.database.setAutoCommit(false);
			return this.database;
		}).withPropertyValues("credyt.jdbc.initialize-schema=always").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(tables(this.database)).containsExactlyInAnyOrder(TABLES);
		});
	}

	@Test
	void alwaysRunsAgainOnAnExistingPostgreSqlSchemaWithoutHarm() {
		HikariDataSource first = TestDatabases.postgres();
		String name = TestDatabases.postgresDatabaseName(first);
		ApplicationContextRunner postgres = this.runner.withPropertyValues("credyt.jdbc.initialize-schema=always",
				"credyt.jdbc.continue-on-error=false");
		postgres.withBean(DataSource.class, () -> first)
			.run((context) -> context.getBean(Ledger.class).customer("alice"));
		// the context closed its pool: a second start-up, as after a redeploy
		postgres.withBean(DataSource.class, () -> this.database = TestDatabases.postgresPool(name)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(Ledger.class).findCustomer("alice")).isPresent();
		});
	}

	@Test
	void aFailingStatementOfTheScriptFailsTheStartUpByDefault() {
		this.runner.withConfiguration(CredytAutoConfigurations.dataSource())
			.withPropertyValues("credyt.jdbc.schema=classpath:broken-schema.sql")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasCauseInstanceOf(ScriptStatementFailedException.class);
			});
	}

	@Test
	void twoInstancesStartingAtOnceOnAnEmptyPostgreSqlDatabaseBothStartAndCreateTheSchemaOnce() throws Exception {
		HikariDataSource empty = TestDatabases.postgres();
		String name = TestDatabases.postgresDatabaseName(empty);
		empty.close();
		// both instances ask for their pool, and so reach the schema scripts, at the same moment
		CountDownLatch bothStarting = new CountDownLatch(2);
		ApplicationContextRunner instance = this.runner.withPropertyValues("credyt.jdbc.initialize-schema=always")
			.withBean(DataSource.class, () -> {
				HikariDataSource pool = TestDatabases.postgresPool(name);
				bothStarting.countDown();
				await(bothStarting);
				return pool;
			});
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<Throwable>> started = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				started.add(threads.submit(() -> {
					Throwable[] failure = new Throwable[1];
					instance.run((AssertableApplicationContext context) -> {
						failure[0] = context.getStartupFailure();
						if (failure[0] == null) {
							context.getBean(Ledger.class).customer("alice");
						}
					});
					return failure[0];
				}));
			}
			for (Future<Throwable> instanceStarted : started) {
				assertThat(instanceStarted.get(2, TimeUnit.MINUTES)).isNull();
			}
		}
		finally {
			threads.shutdownNow();
		}
		this.database = TestDatabases.postgresPool(name);
		assertThat(tables(this.database)).containsExactlyInAnyOrder(TABLES);
		assertThat(new JdbcTemplate(this.database).queryForObject("SELECT COUNT(*) FROM credyt_customer", Long.class))
			.isEqualTo(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(1, TimeUnit.MINUTES)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void theLedgerIsCreatedOnlyAfterTheTablesExist() {
		this.runner.withConfiguration(CredytAutoConfigurations.dataSource())
			.withUserConfiguration(UsesTheLedgerAtStartUp.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(UsesTheLedgerAtStartUp.class).customer.externalId()).isEqualTo("early");
			});
	}

	private static java.util.List<String> tables(DataSource dataSource) {
		return new JdbcTemplate(dataSource).queryForList(
				"SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) LIKE 'credyt%'",
				String.class);
	}

	/**
	 * Declared before the auto-configured beans, so without the ledger's dependency on database
	 * initialization, the ledger would be created (and used here) before the tables.
	 */
	@Configuration(proxyBeanMethods = false)
	static class UsesTheLedgerAtStartUp {

		Customer customer;

		@Bean
		Object earlyLedgerUser(Ledger ledger) {
			this.customer = ledger.customer("early");
			return this.customer;
		}

	}

}

package io.credyt.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.credyt.ledger.Ledger;
import io.credyt.testing.FaultInjectingDataSource;
import io.credyt.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.provisioning.UserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the app deployed together on an empty PostgreSQL database (the
 * {@code postgres} profile): both start, and the sign-in tables and Credyt's tables are there
 * once, shared by both. To make the race certain rather than likely, each instance's
 * {@code CREATE TABLE IF NOT EXISTS users} waits for the other's (for a few seconds at most: an
 * instance kept out by the other's schema lock never gets there while the other waits).
 */
class ConcurrentStartTests {

	@Test
	void twoInstancesStartingAtOnceOnAnEmptyPostgreSqlDatabaseBothStart() throws Exception {
		HikariDataSource database = TestDatabases.postgres();
		String url = database.getJdbcUrl();
		CyclicBarrier together = new CyclicBarrier(2);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		List<Future<ConfigurableApplicationContext>> starting = new ArrayList<>();
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				starting.add(threads.submit(() -> new SpringApplicationBuilder(SampleApplication.class).profiles("postgres")
						.initializers((context) -> context.getBeanFactory()
							.addBeanPostProcessor(meetingAt("create table if not exists users", together)))
						.run("--server.port=0", "--spring.datasource.url=" + url,
								"--spring.datasource.username=" + database.getUsername(),
								"--spring.datasource.password=" + database.getPassword())));
			}
			for (Future<ConfigurableApplicationContext> instance : starting) {
				started.add(instance.get(3, TimeUnit.MINUTES));
			}
			started.get(0).getBean(UserDetailsManager.class)
				.createUser(org.springframework.security.core.userdetails.User.withUsername("ada")
					.password("{noop}a long enough password")
					.roles("USER")
					.build());
			assertThat(started.get(1).getBean(UserDetailsManager.class).userExists("ada")).isTrue();
			started.get(1).getBean(Ledger.class).customer("ada");
			assertThat(started.get(0).getBean(Ledger.class).findCustomer("ada")).isPresent();
			JdbcTemplate jdbc = new JdbcTemplate(database);
			assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables"
					+ " WHERE table_schema = current_schema() AND table_name IN ('users', 'authorities', 'credyt_customer')",
					String.class))
				.containsExactlyInAnyOrder("users", "authorities", "credyt_customer");
		}
		finally {
			started.forEach(ConfigurableApplicationContext::close);
			threads.shutdownNow();
			TestDatabases.dispose(database);
		}
	}

	/**
	 * Wraps the application's data source so that statements containing {@code fragment} wait at
	 * {@code barrier} before they execute.
	 */
	private static BeanPostProcessor meetingAt(String fragment, CyclicBarrier barrier) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof DataSource dataSource) || !beanName.equals("dataSource")) {
					return bean;
				}
				FaultInjectingDataSource meeting = FaultInjectingDataSource.wrap(dataSource);
				meeting.beforeExecuting(fragment, () -> {
					try {
						barrier.await(5, TimeUnit.SECONDS);
					}
					catch (TimeoutException | BrokenBarrierException ex) {
						// the other instance is not coming: carry on alone
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
				return meeting.dataSource();
			}

		};
	}

}

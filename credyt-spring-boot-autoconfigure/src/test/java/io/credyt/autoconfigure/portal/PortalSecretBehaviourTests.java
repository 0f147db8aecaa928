package io.credyt.autoconfigure.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.jdbc.LedgerSchema;
import io.credyt.testing.Concurrently;
import io.credyt.testing.MutableClock;
import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal links' key, generated once in the database and shared by every application instance,
 * however many of them ask for it at the same moment.
 */
abstract class PortalSecretBehaviourTests {

	private final TestDatabases.Kind kind;

	private final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T10:00:00Z"));

	private HikariDataSource dataSource;

	private HikariDataSource secondInstance;

	PortalSecretBehaviourTests(TestDatabases.Kind kind) {
		this.kind = kind;
	}

	@BeforeEach
	void createDatabase() {
		this.dataSource = this.kind.create();
		LedgerSchema.initialize(this.dataSource);
		this.secondInstance = TestDatabases.anotherPool(this.dataSource);
	}

	@AfterEach
	void disposeDatabase() {
		this.secondInstance.close();
		TestDatabases.dispose(this.dataSource);
	}

	@Test
	void theKeyIsGeneratedOnceAndKeptForEveryLaterCall() {
		byte[] first = new JdbcSecrets(this.dataSource, this.clock).getOrCreate(JdbcSecrets.PORTAL_LINK, 32);
		byte[] again = new JdbcSecrets(this.dataSource, this.clock).getOrCreate(JdbcSecrets.PORTAL_LINK, 32);
		assertThat(first).hasSize(32).isEqualTo(again);
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void instancesStartingTogetherAllGetTheSameKey() {
		JdbcSecrets[] instances = { new JdbcSecrets(this.dataSource, this.clock),
				new JdbcSecrets(this.secondInstance, this.clock) };
		List<Concurrently.Outcome<byte[]>> outcomes = Concurrently.run(16, 16,
				(i) -> () -> instances[i % 2].getOrCreate(JdbcSecrets.PORTAL_LINK, 32));
		assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
		byte[] key = outcomes.get(0).value();
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(Arrays.equals(outcome.value(), key)).isTrue());
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void aLinkMadeOnOneInstanceOpensOnAnother() {
		PortalLinks first = links(this.dataSource);
		PortalLinks second = links(this.secondInstance);
		assertThat(second.verify(first.token("alice"))).isEqualTo("alice");
		assertThat(first.verify(second.token("bob"))).isEqualTo("bob");
	}

	private PortalLinks links(HikariDataSource pool) {
		JdbcSecrets secrets = new JdbcSecrets(pool, this.clock);
		return new PortalLinks(() -> secrets.getOrCreate(JdbcSecrets.PORTAL_LINK, 32), "/billing/portal",
				Duration.ofMinutes(10), this.clock);
	}

	private int rows() {
		return new JdbcTemplate(this.dataSource).queryForObject("SELECT COUNT(*) FROM credyt_secret", Integer.class);
	}

}

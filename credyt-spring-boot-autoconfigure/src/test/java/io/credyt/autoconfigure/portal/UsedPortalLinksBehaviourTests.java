package io.credyt.autoconfigure.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.autoconfigure.portal.InvalidPortalLinkException.Reason;
import io.credyt.jdbc.LedgerSchema;
import io.credyt.testing.Concurrently;
import io.credyt.testing.MutableClock;
import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A portal link opens the portal once across application instances (two connection pools on one
 * database): a link used on one is refused on the other, of many opens at once exactly one
 * wins, and the rows of expired links are deleted.
 */
abstract class UsedPortalLinksBehaviourTests {

	private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

	private final TestDatabases.Kind kind;

	private final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T10:00:00Z"));

	private final PortalLinks links = new PortalLinks(KEY, "/billing/portal", Duration.ofMinutes(10), this.clock);

	private HikariDataSource dataSource;

	private HikariDataSource secondInstance;

	UsedPortalLinksBehaviourTests(TestDatabases.Kind kind) {
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
	void aLinkUsedOnOneInstanceIsRefusedOnTheOther() {
		PortalLinks.Link link = this.links.check(this.links.token("alice"));
		UsedPortalLinks.jdbc(this.dataSource, this.clock).use(link);

		assertThatExceptionOfType(InvalidPortalLinkException.class)
			.isThrownBy(() -> UsedPortalLinks.jdbc(this.secondInstance, this.clock).use(link))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.USED));
		UsedPortalLinks.jdbc(this.secondInstance, this.clock).use(this.links.check(this.links.token("alice")));
		assertThat(rows()).isEqualTo(2);
	}

	@Test
	void ofManyOpensOfOneLinkOnTwoInstancesExactlyOneWins() {
		PortalLinks.Link link = this.links.check(this.links.token("alice"));
		UsedPortalLinks[] instances = { UsedPortalLinks.jdbc(this.dataSource, this.clock),
				UsedPortalLinks.jdbc(this.secondInstance, this.clock) };

		List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.run(16, 16, (i) -> () -> {
			instances[i % 2].use(link);
			return true;
		});

		assertThat(outcomes.stream().filter(Concurrently.Outcome::succeeded)).hasSize(1);
		assertThat(outcomes.stream().filter((outcome) -> !outcome.succeeded())).hasSize(15)
			.allSatisfy((outcome) -> assertThat(outcome.error()).isInstanceOf(InvalidPortalLinkException.class));
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void theRowsOfExpiredLinksAreDeleted() {
		UsedPortalLinks used = UsedPortalLinks.jdbc(this.dataSource, this.clock);
		used.use(this.links.check(this.links.token("alice")));
		used.use(this.links.check(this.links.token("bob")));
		this.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
		PortalLinks.Link fresh = this.links.check(this.links.token("carol"));

		used.use(fresh);

		assertThat(new JdbcTemplate(this.dataSource).queryForList("SELECT token_id FROM credyt_portal_link",
				String.class))
			.containsExactly(fresh.id());
	}

	private long rows() {
		return new JdbcTemplate(this.dataSource).queryForObject("SELECT COUNT(*) FROM credyt_portal_link", Long.class);
	}

}

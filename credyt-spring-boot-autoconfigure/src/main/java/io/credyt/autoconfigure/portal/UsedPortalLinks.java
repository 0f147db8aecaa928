package io.credyt.autoconfigure.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.autoconfigure.portal.InvalidPortalLinkException.Reason;
import io.credyt.transaction.RetryingTransactions;

/**
 * The portal links that have opened the portal, by their id, so that a link opens it once: a
 * link sent to someone else (to have their top-up credit the sender) is dead once its owner
 * opened it, and the second open of a link gets nothing. On the database
 * ({@code credyt_portal_link}) this holds across every instance; a link's row is deleted some
 * time after the link expired, when it could not open anything anyway.
 */
interface UsedPortalLinks {

	/**
	 * Marks a link used.
	 * @param link a checked link
	 * @throws InvalidPortalLinkException if the link was used already
	 */
	void use(PortalLinks.Link link);

	/**
	 * The used links in the ledger's database, shared by every instance.
	 * @param dataSource the database, with the schema created
	 * @param clock the clock expired rows are found by
	 * @return the used links
	 */
	static UsedPortalLinks jdbc(DataSource dataSource, Clock clock) {
		return new Jdbc(dataSource, clock);
	}

	/**
	 * The used links of this instance only, for an application without one database.
	 * @param clock the clock expired entries are found by
	 * @return the used links
	 */
	static UsedPortalLinks inMemory(Clock clock) {
		return new InMemory(clock);
	}

	final class Jdbc implements UsedPortalLinks {

		/** How often an instance deletes the rows of expired links. */
		static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

		private static final String INSERT = "INSERT INTO credyt_portal_link (token_id, expires_at) VALUES (?, ?)";

		private static final String DELETE_EXPIRED = "DELETE FROM credyt_portal_link WHERE expires_at < ?";

		private final JdbcTemplate jdbc;

		private final RetryingTransactions transactions;

		private final Clock clock;

		private volatile Instant nextCleanup = Instant.MIN;

		Jdbc(DataSource dataSource, Clock clock) {
			this.jdbc = new JdbcTemplate(dataSource);
			// its own transaction: a refused duplicate must not abort a transaction of the caller's
			this.transactions = new RetryingTransactions(dataSource);
			this.clock = clock;
		}

		@Override
		public void use(PortalLinks.Link link) {
			Instant now = this.clock.instant();
			if (!now.isBefore(this.nextCleanup)) {
				this.nextCleanup = now.plus(CLEANUP_INTERVAL);
				this.transactions.update(() -> this.jdbc.update(DELETE_EXPIRED, time(now)));
			}
			try {
				// the primary key decides between two opens of one link, on any instances
				this.transactions.update(() -> this.jdbc.update(INSERT, link.id(), time(link.expiresAt())));
			}
			catch (DuplicateKeyException ex) {
				throw new InvalidPortalLinkException(Reason.USED);
			}
		}

		private static OffsetDateTime time(Instant instant) {
			return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
		}

	}

	final class InMemory implements UsedPortalLinks {

		private final Map<String, Instant> used = new ConcurrentHashMap<>();

		private final Clock clock;

		InMemory(Clock clock) {
			this.clock = clock;
		}

		@Override
		public void use(PortalLinks.Link link) {
			Instant now = this.clock.instant();
			this.used.values().removeIf((expiresAt) -> expiresAt.isBefore(now));
			if (this.used.putIfAbsent(link.id(), link.expiresAt()) != null) {
				throw new InvalidPortalLinkException(Reason.USED);
			}
		}

	}

}

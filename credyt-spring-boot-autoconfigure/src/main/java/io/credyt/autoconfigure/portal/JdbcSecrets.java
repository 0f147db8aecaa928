package io.credyt.autoconfigure.portal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.credyt.transaction.RetryingTransactions;

/**
 * Secrets generated once and kept in the {@code credyt_secret} table, so that every application
 * instance on the database uses the same one. The first instance to need a secret inserts a
 * random one; an instance that loses that race reads the winner's.
 */
final class JdbcSecrets {

	/** The name of the portal links' signing key. */
	static final String PORTAL_LINK = "portal-link";

	private static final String SELECT = "SELECT secret FROM credyt_secret WHERE name = ?";

	private final JdbcTemplate jdbc;

	private final RetryingTransactions transactions;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	JdbcSecrets(DataSource dataSource, Clock clock) {
		this.jdbc = new JdbcTemplate(dataSource);
		// its own transaction: a refused duplicate must not abort a transaction of the caller's
		this.transactions = new RetryingTransactions(dataSource);
		this.clock = clock;
	}

	/**
	 * The secret of a name, generated and stored when there is none yet.
	 * @param name the secret's name
	 * @param length the length of a generated secret, in bytes
	 * @return the secret, the same for every caller on the database
	 */
	byte[] getOrCreate(String name, int length) {
		List<String> existing = this.jdbc.queryForList(SELECT, String.class, name);
		if (existing.isEmpty()) {
			byte[] generated = new byte[length];
			this.random.nextBytes(generated);
			try {
				this.transactions.update(() -> this.jdbc.update(
						"INSERT INTO credyt_secret (name, secret, created_at) VALUES (?, ?, ?)", name,
						Base64.getEncoder().encodeToString(generated),
						OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC)));
			}
			catch (DuplicateKeyException ex) {
				// another instance stored one first: that one is read back below
			}
			existing = this.jdbc.queryForList(SELECT, String.class, name);
		}
		if (existing.isEmpty()) {
			throw new IllegalStateException("The secret '" + name + "' was stored but cannot be read back");
		}
		return Base64.getDecoder().decode(existing.get(0));
	}

}

package io.credyt.autoconfigure.actuate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read-only SQL behind the {@code credyt} endpoint and health indicator, on the ledger's
 * tables (H2 or PostgreSQL). Every statement is a plain {@code SELECT} that takes no lock; the
 * counts are read one after the other, not in one transaction.
 */
public class JdbcCredytStatus {

	/** The tables the ledger and top-ups cannot work without. */
	static final List<String> REQUIRED_TABLES = List.of("credyt_customer", "credyt_account", "credyt_grant",
			"credyt_entitlement", "credyt_hold", "credyt_usage_event", "credyt_entry", "credyt_payment",
			"credyt_auto_top_up", "credyt_webhook_destination", "credyt_webhook_delivery", "credyt_subscription",
			"credyt_subscription_charge", "credyt_subscription_change");

	private static final String CUSTOMERS = "SELECT COUNT(*) FROM credyt_customer";

	private static final String ACTIVE_HOLDS = "SELECT COUNT(*) FROM credyt_hold WHERE status = 'ACTIVE'";

	private static final String OLDEST_ACTIVE_HOLD = "SELECT MIN(created_at) FROM credyt_hold WHERE status = 'ACTIVE'";

	private static final String AUTO_TOP_UPS_FAILING = "SELECT COUNT(*) FROM credyt_auto_top_up"
			+ " WHERE enabled = TRUE AND last_status = 'FAILED'";

	private static final String PAYMENTS_PENDING = "SELECT COUNT(*) FROM credyt_payment WHERE status = 'PENDING'";

	private static final String WEBHOOKS_PENDING = "SELECT COUNT(*) FROM credyt_webhook_delivery WHERE status = 'PENDING'";

	private static final String WEBHOOKS_DISABLED = "SELECT name || ': ' || COALESCE(disabled_reason, 'disabled')"
			+ " FROM credyt_webhook_destination WHERE enabled = FALSE ORDER BY name";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * Creates the queries.
	 * @param dataSource the ledger's database
	 * @param clock what the holds' age is measured by (the ledger's clock)
	 */
	public JdbcCredytStatus(DataSource dataSource, Clock clock) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.clock = clock;
	}

	/**
	 * Reads the counts.
	 * @return them
	 */
	public CredytStatus status() {
		Timestamp oldest = this.jdbc.queryForObject(OLDEST_ACTIVE_HOLD, Timestamp.class);
		Long age = null;
		if (oldest != null) {
			age = Math.max(0, Duration.between(oldest.toInstant(), Instant.now(this.clock)).toSeconds());
		}
		return new CredytStatus(count(CUSTOMERS), count(ACTIVE_HOLDS), age, count(AUTO_TOP_UPS_FAILING),
				count(PAYMENTS_PENDING), count(WEBHOOKS_PENDING), this.jdbc.queryForList(WEBHOOKS_DISABLED, String.class));
	}

	/**
	 * The required tables that the database does not have, each looked up the way the ledger's own
	 * statements find it (the connection's schema search path).
	 * @return the missing tables, empty when the schema is present
	 */
	public List<String> missingTables() {
		List<String> missing = new ArrayList<>();
		for (String table : REQUIRED_TABLES) {
			try {
				this.jdbc.queryForList("SELECT 1 FROM " + table + " WHERE 1 = 0");
			}
			catch (BadSqlGrammarException ex) {
				missing.add(table);
			}
		}
		return missing;
	}

	private long count(String sql) {
		@Nullable Long count = this.jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

}

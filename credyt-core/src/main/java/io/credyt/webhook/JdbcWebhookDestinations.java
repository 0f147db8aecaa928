package io.credyt.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import io.credyt.InvalidRequestException;

/**
 * The destinations, kept in the database so every instance sends to the same ones and a
 * destination disabled on one (it answered {@code 410 Gone}, or failed for days) is disabled on all.
 */
public final class JdbcWebhookDestinations {

	private static final String COLUMNS = "name, url, topics, secret, enabled, disabled_reason, failing_since";

	private static final String INSERT = "INSERT INTO credyt_webhook_destination (" + COLUMNS
			+ ", created_at, updated_at) VALUES (?, ?, ?, ?, TRUE, NULL, NULL, ?, ?)";

	private static final String UPDATE = "UPDATE credyt_webhook_destination SET url = ?, topics = ?, secret = ?,"
			+ " updated_at = ? WHERE name = ?";

	private static final RowMapper<StoredDestination> STORED = (rs, row) -> new StoredDestination(
			new WebhookDestination(rs.getString("name"), URI.create(rs.getString("url")),
					WebhookDestination.topics(Arrays.asList(rs.getString("topics").split(","))), rs.getString("secret"),
					rs.getBoolean("enabled")),
			rs.getString("disabled_reason"));

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public JdbcWebhookDestinations(DataSource dataSource, Clock clock) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.clock = clock;
	}

	/**
	 * A destination as stored, with why it was disabled.
	 *
	 * @param destination the destination
	 * @param disabledReason why it no longer gets events, or {@code null}
	 */
	public record StoredDestination(WebhookDestination destination, @Nullable String disabledReason) {
	}

	/**
	 * Saves a destination declared in configuration: new ones are added enabled; known ones get the
	 * configured URL, topics and secret but keep whether they are enabled.
	 * @param destination the destination
	 */
	public void declare(WebhookDestination destination) {
		Instant now = this.clock.instant();
		String topics = destination.topics().stream().map(WebhookTopic::wireName).sorted().collect(Collectors.joining(","));
		int updated = this.jdbc.update(UPDATE, destination.url().toString(), topics, destination.secret(),
				WebhookOutbox.time(now), destination.name());
		if (updated == 0) {
			try {
				this.jdbc.update(INSERT, destination.name(), destination.url().toString(), topics, destination.secret(),
						WebhookOutbox.time(now), WebhookOutbox.time(now));
			}
			catch (org.springframework.dao.DuplicateKeyException ex) {
				// another instance declared it at the same moment
				this.jdbc.update(UPDATE, destination.url().toString(), topics, destination.secret(),
						WebhookOutbox.time(now), destination.name());
			}
		}
	}

	/**
	 * Every destination, by name.
	 * @return the destinations
	 */
	public List<StoredDestination> all() {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM credyt_webhook_destination ORDER BY name", STORED);
	}

	/**
	 * One destination.
	 * @param name its name
	 * @return it, if known
	 */
	public Optional<StoredDestination> find(String name) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM credyt_webhook_destination WHERE name = ?", STORED, name)
			.stream()
			.findFirst();
	}

	/**
	 * Stops sending to a destination; its pending deliveries wait.
	 * @param name the destination
	 * @param reason why
	 */
	public void disable(String name, String reason) {
		requireKnown(this.jdbc.update("UPDATE credyt_webhook_destination SET enabled = FALSE, disabled_reason = ?,"
				+ " updated_at = ? WHERE name = ?", reason, WebhookOutbox.time(this.clock.instant()), name), name);
	}

	/**
	 * Sends to a destination again, with its pending deliveries.
	 * @param name the destination
	 */
	public void enable(String name) {
		requireKnown(this.jdbc.update("UPDATE credyt_webhook_destination SET enabled = TRUE, disabled_reason = NULL,"
				+ " failing_since = NULL, updated_at = ? WHERE name = ?", WebhookOutbox.time(this.clock.instant()),
				name), name);
	}

	/**
	 * Gives a destination a new secret; deliveries from now on are signed with it.
	 * @param name the destination
	 * @return the new secret
	 */
	public String rotateSecret(String name) {
		String secret = WebhookDestination.newSecret();
		requireKnown(this.jdbc.update("UPDATE credyt_webhook_destination SET secret = ?, updated_at = ? WHERE name = ?",
				secret, WebhookOutbox.time(this.clock.instant()), name), name);
		return secret;
	}

	private static void requireKnown(int updated, String name) {
		if (updated == 0) {
			throw new InvalidRequestException("destination", "no destination '" + name + "'");
		}
	}

}

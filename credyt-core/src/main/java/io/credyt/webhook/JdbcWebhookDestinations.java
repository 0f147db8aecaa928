package io.credyt.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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
			rs.getString("disabled_reason"), instant(rs.getObject("failing_since", OffsetDateTime.class)));

	private static final String DELIVERY_COUNTS = "SELECT destination, status, COUNT(*) AS deliveries"
			+ " FROM credyt_webhook_delivery GROUP BY destination, status";

	private static final String RECENT_DELIVERIES = "SELECT e.id, e.type, e.created_at, d.destination, d.customer,"
			+ " d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.delivered_at"
			+ " FROM credyt_webhook_delivery d JOIN credyt_webhook_event e ON e.seq = d.event_seq";

	private static final String NEWEST_FIRST = " ORDER BY d.event_seq DESC, d.destination LIMIT ?";

	private static final RowMapper<DeliveryRecord> DELIVERY = (rs, row) -> new DeliveryRecord(rs.getString("id"),
			rs.getString("type"), rs.getString("customer"), rs.getString("destination"), rs.getString("status"),
			rs.getInt("attempts"), instant(rs.getObject("created_at", OffsetDateTime.class)),
			instant(rs.getObject("next_attempt_at", OffsetDateTime.class)), (Integer) rs.getObject("last_status"),
			rs.getString("last_error"), instant(rs.getObject("delivered_at", OffsetDateTime.class)));

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
	 * @param failingSince since when its deliveries have failed without a success between, or
	 * {@code null}
	 */
	public record StoredDestination(WebhookDestination destination, @Nullable String disabledReason,
			@Nullable Instant failingSince) {
	}

	/**
	 * How many deliveries to a destination are in each state.
	 *
	 * @param pending waiting to be sent, or to be retried
	 * @param delivered accepted by the receiver
	 * @param failed given up on
	 */
	public record DeliveryCounts(long pending, long delivered, long failed) {

		/** No deliveries at all. */
		public static final DeliveryCounts NONE = new DeliveryCounts(0, 0, 0);

	}

	/**
	 * One event's delivery to one destination, for an operator to look at.
	 *
	 * @param eventId the event's id (the {@code webhook-id} the receiver sees)
	 * @param type the event's type
	 * @param customer the customer it is about
	 * @param destination where it goes
	 * @param status {@code PENDING}, {@code DELIVERED} or {@code FAILED}
	 * @param attempts how many times it was sent
	 * @param createdAt when the event happened
	 * @param nextAttemptAt when it is sent next, if pending
	 * @param lastStatus the HTTP status of the last attempt, or {@code null}
	 * @param lastError what went wrong the last time, or {@code null}
	 * @param deliveredAt when the receiver accepted it, or {@code null}
	 */
	public record DeliveryRecord(String eventId, String type, String customer, String destination, String status,
			int attempts, @Nullable Instant createdAt, @Nullable Instant nextAttemptAt, @Nullable Integer lastStatus,
			@Nullable String lastError, @Nullable Instant deliveredAt) {
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

	/**
	 * How many deliveries each destination has in each state; a destination without any is absent.
	 * @return the counts, by destination
	 */
	public Map<String, DeliveryCounts> deliveryCounts() {
		Map<String, long[]> counts = new HashMap<>();
		this.jdbc.query(DELIVERY_COUNTS, (RowCallbackHandler) (rs) -> {
			long[] byStatus = counts.computeIfAbsent(rs.getString("destination"), (name) -> new long[3]);
			switch (rs.getString("status")) {
				case "PENDING" -> byStatus[0] += rs.getLong("deliveries");
				case "DELIVERED" -> byStatus[1] += rs.getLong("deliveries");
				case "FAILED" -> byStatus[2] += rs.getLong("deliveries");
				default -> {
				}
			}
		});
		Map<String, DeliveryCounts> result = new HashMap<>();
		counts.forEach((name, byStatus) -> result.put(name, new DeliveryCounts(byStatus[0], byStatus[1], byStatus[2])));
		return result;
	}

	/**
	 * The latest deliveries, newest event first.
	 * @param destination only this destination's, or {@code null} for every destination's
	 * @param limit at most this many
	 * @return the deliveries
	 */
	public List<DeliveryRecord> recentDeliveries(@Nullable String destination, int limit) {
		if (destination == null) {
			return this.jdbc.query(RECENT_DELIVERIES + NEWEST_FIRST, DELIVERY, limit);
		}
		return this.jdbc.query(RECENT_DELIVERIES + " WHERE d.destination = ?" + NEWEST_FIRST, DELIVERY, destination,
				limit);
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	private static void requireKnown(int updated, String name) {
		if (updated == 0) {
			throw new InvalidRequestException("destination", "no destination '" + name + "'");
		}
	}

}

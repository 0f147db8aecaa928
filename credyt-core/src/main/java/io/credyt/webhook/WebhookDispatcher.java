package io.credyt.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox's pending deliveries, on any number of instances at once:
 * <ol>
 * <li>claims due deliveries with {@code FOR UPDATE SKIP LOCKED} and leases them (their next
 * attempt moved a lease away, their attempt counted) in a short transaction, so no other instance
 * sends them meanwhile; a delivery waits while an earlier one to the same destination for the same
 * customer is pending, so each customer's events arrive in order;</li>
 * <li>sends each, signed, outside any transaction (a slow receiver never holds a database lock or
 * delays billing);</li>
 * <li>records the answer: a {@code 2xx} delivers it; {@code 410 Gone} disables the destination;
 * anything else (or no answer) schedules the next attempt after the retry schedule's next step
 * with up to 10% jitter, or after the receiver's {@code Retry-After} when that is later, until the
 * schedule runs out (then the delivery has failed); a destination that has failed without a
 * success for longer than {@code disableAfter} is disabled.</li>
 * </ol>
 * Delivery is at least once: an instance that dies after sending and before recording sends again
 * when the lease runs out. Receivers deduplicate by the event id.
 */
public final class WebhookDispatcher {

	/** The default retry schedule: the waits after the first, second… failed attempt. */
	public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
			Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10));

	private static final Log logger = LogFactory.getLog(WebhookDispatcher.class);

	private static final String DUE = "SELECT d.event_seq, d.destination, d.attempts, e.id, e.body, w.url, w.secret"
			+ " FROM credyt_webhook_delivery d JOIN credyt_webhook_event e ON e.seq = d.event_seq"
			+ " JOIN credyt_webhook_destination w ON w.name = d.destination"
			+ " WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? AND w.enabled = TRUE"
			+ " AND NOT EXISTS (SELECT 1 FROM credyt_webhook_delivery p WHERE p.destination = d.destination"
			+ " AND p.customer = d.customer AND p.status = 'PENDING' AND p.event_seq < d.event_seq)"
			+ " ORDER BY d.next_attempt_at, d.event_seq FETCH FIRST ? ROWS ONLY FOR UPDATE OF d SKIP LOCKED";

	private static final String LEASE = "UPDATE credyt_webhook_delivery SET attempts = attempts + 1,"
			+ " next_attempt_at = ? WHERE event_seq = ? AND destination = ?";

	private static final String DELIVERED = "UPDATE credyt_webhook_delivery SET status = 'DELIVERED', last_status = ?,"
			+ " last_error = NULL, delivered_at = ? WHERE event_seq = ? AND destination = ? AND status = 'PENDING'"
			+ " AND attempts = ?";

	private static final String RETRY = "UPDATE credyt_webhook_delivery SET next_attempt_at = ?, last_status = ?,"
			+ " last_error = ? WHERE event_seq = ? AND destination = ? AND status = 'PENDING' AND attempts = ?";

	private static final String FAILED = "UPDATE credyt_webhook_delivery SET status = 'FAILED', last_status = ?,"
			+ " last_error = ? WHERE event_seq = ? AND destination = ? AND status = 'PENDING' AND attempts = ?";

	private static final String SUCCEEDED_DESTINATION = "UPDATE credyt_webhook_destination SET failing_since = NULL"
			+ " WHERE name = ? AND failing_since IS NOT NULL";

	private static final String FAILING_DESTINATION = "UPDATE credyt_webhook_destination SET failing_since = ?"
			+ " WHERE name = ? AND failing_since IS NULL";

	private static final String FAILING_SINCE = "SELECT failing_since FROM credyt_webhook_destination WHERE name = ?";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JdbcWebhookDestinations destinations;

	private final WebhookTransport transport;

	private final Clock clock;

	private final List<Duration> schedule;

	private final Duration lease;

	private final Duration disableAfter;

	/**
	 * A dispatcher.
	 * @param dataSource the outbox's database
	 * @param destinations the destinations (to disable one)
	 * @param transport sends a delivery
	 * @param clock the time
	 * @param schedule the waits after each failed attempt; its length is the number of retries
	 * @param lease how long a claimed delivery is left to the instance that claimed it
	 * @param disableAfter how long a destination may fail without a success before it is disabled
	 */
	public WebhookDispatcher(DataSource dataSource, JdbcWebhookDestinations destinations, WebhookTransport transport,
			Clock clock, List<Duration> schedule, Duration lease, Duration disableAfter) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.destinations = destinations;
		this.transport = transport;
		this.clock = clock;
		this.schedule = List.copyOf(schedule);
		this.lease = lease;
		this.disableAfter = disableAfter;
	}

	/**
	 * Sends the deliveries due now, up to a limit, one after another.
	 * @param limit the most to send
	 * @return how many were sent (whatever the answer)
	 */
	public int deliverDue(int limit) {
		List<Claimed> claimed = claim(limit);
		for (Claimed delivery : claimed) {
			send(delivery);
		}
		return claimed.size();
	}

	private List<Claimed> claim(int limit) {
		Instant now = this.clock.instant();
		List<Claimed> claimed = this.transactions.execute((status) -> {
			List<Claimed> due = this.jdbc.query(DUE,
					(rs, row) -> new Claimed(rs.getLong("event_seq"), rs.getString("destination"),
							rs.getInt("attempts") + 1, rs.getString("id"), rs.getString("body"), rs.getString("url"),
							rs.getString("secret")),
					WebhookOutbox.time(now), limit);
			for (Claimed delivery : due) {
				this.jdbc.update(LEASE, WebhookOutbox.time(now.plus(this.lease)), delivery.eventSeq(),
						delivery.destination());
			}
			return due;
		});
		return (claimed != null) ? claimed : List.of();
	}

	private void send(Claimed delivery) {
		long timestamp = this.clock.instant().getEpochSecond();
		Map<String, String> headers = WebhookSigner.headers(delivery.eventId(), timestamp, delivery.body(),
				delivery.secret());
		Integer status = null;
		Duration retryAfter = null;
		String error = null;
		try {
			WebhookTransport.Response response = this.transport.send(java.net.URI.create(delivery.url()), headers,
					delivery.body());
			status = response.status();
			retryAfter = response.retryAfter();
		}
		catch (RuntimeException ex) {
			error = String.valueOf(ex.getMessage());
		}
		record(delivery, status, retryAfter, error);
	}

	private void record(Claimed delivery, @Nullable Integer status, @Nullable Duration retryAfter,
			@Nullable String error) {
		Instant now = this.clock.instant();
		if (status != null && status >= 200 && status < 300) {
			this.jdbc.update(DELIVERED, status, WebhookOutbox.time(now), delivery.eventSeq(), delivery.destination(),
					delivery.attempt());
			this.jdbc.update(SUCCEEDED_DESTINATION, delivery.destination());
			return;
		}
		String reason = (error != null) ? cut(error) : "HTTP " + status;
		if (status != null && status == 410) {
			this.jdbc.update(FAILED, status, reason, delivery.eventSeq(), delivery.destination(), delivery.attempt());
			this.destinations.disable(delivery.destination(), "The receiver answered 410 Gone");
			logger.warn("Webhook destination " + delivery.destination() + " answered 410 Gone: disabled");
			return;
		}
		this.jdbc.update(FAILING_DESTINATION, WebhookOutbox.time(now), delivery.destination());
		if (delivery.attempt() > this.schedule.size()) {
			this.jdbc.update(FAILED, status, "Gave up after " + delivery.attempt() + " attempts: " + reason,
					delivery.eventSeq(), delivery.destination(), delivery.attempt());
		}
		else {
			Duration wait = jittered(this.schedule.get(delivery.attempt() - 1));
			if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
				wait = retryAfter;
			}
			this.jdbc.update(RETRY, WebhookOutbox.time(now.plus(wait)), status, reason, delivery.eventSeq(),
					delivery.destination(), delivery.attempt());
		}
		java.time.OffsetDateTime since = this.jdbc.queryForObject(FAILING_SINCE, java.time.OffsetDateTime.class,
				delivery.destination());
		if (since != null && since.toInstant().plus(this.disableAfter).isBefore(now)) {
			this.destinations.disable(delivery.destination(),
					"Failed without a success since " + since.toInstant() + " (" + reason + ")");
			logger.warn("Webhook destination " + delivery.destination() + " has failed since " + since + ": disabled");
		}
	}

	private static Duration jittered(Duration wait) {
		long millis = wait.toMillis();
		long jitter = (long) (millis * 0.1 * ThreadLocalRandom.current().nextDouble());
		return Duration.ofMillis(millis + jitter);
	}

	private static String cut(String text) {
		return (text.length() > 1024) ? text.substring(0, 1024) : text;
	}

	private record Claimed(long eventSeq, String destination, int attempt, String eventId, String body, String url,
			String secret) {
	}

}

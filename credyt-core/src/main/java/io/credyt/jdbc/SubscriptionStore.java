package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.subscription.FeeSource;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionCharge;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;

import static io.credyt.jdbc.Rows.time;

/**
 * The subscription tables: one row per customer (reused, with a new id, when a customer subscribes
 * again after an end), the fee collected for each period, and the changes customers asked for.
 */
final class SubscriptionStore {

	private static final String COLUMNS = "s.customer_id, s.id, c.external_id, s.plan, s.status, s.source,"
			+ " s.payment_method, s.checkout_session, s.period_start, s.period_end, s.cancel_at_period_end, s.next_plan,"
			+ " s.failed_attempts, s.next_attempt_at, s.last_failure_reason, s.claim_key, s.created_at, s.updated_at,"
			+ " s.ended_at";

	private static final String FROM = " FROM credyt_subscription s JOIN credyt_customer c ON c.id = s.customer_id";

	private static final String BY_CUSTOMER = "SELECT " + COLUMNS + FROM + " WHERE s.customer_id = ?";

	private static final String LOCK = "SELECT customer_id FROM credyt_subscription WHERE customer_id = ? FOR UPDATE";

	private static final String BY_SESSION = "SELECT " + COLUMNS + FROM + " WHERE s.checkout_session = ?";

	private static final String INSERT = "INSERT INTO credyt_subscription (customer_id, id, plan, status, source,"
			+ " payment_method, checkout_session, period_start, period_end, cancel_at_period_end, next_plan,"
			+ " failed_attempts, next_attempt_at, last_failure_reason, claim_key, claimed_at, created_at, updated_at,"
			+ " ended_at) VALUES (?, ?, ?, ?, ?, NULL, ?, NULL, NULL, FALSE, NULL, 0, NULL, NULL, NULL, NULL, ?, ?, NULL)";

	private static final String RESTART = "UPDATE credyt_subscription SET id = ?, plan = ?, status = ?, source = ?,"
			+ " payment_method = NULL, checkout_session = ?, period_start = NULL, period_end = NULL,"
			+ " cancel_at_period_end = FALSE, next_plan = NULL, failed_attempts = 0, next_attempt_at = NULL,"
			+ " last_failure_reason = NULL, claim_key = NULL, claimed_at = NULL, created_at = ?, updated_at = ?,"
			+ " ended_at = NULL WHERE customer_id = ?";

	private static final String START_PERIOD = "UPDATE credyt_subscription SET plan = ?, status = 'ACTIVE',"
			+ " payment_method = COALESCE(?, payment_method), period_start = ?, period_end = ?, next_plan = NULL,"
			+ " failed_attempts = 0, next_attempt_at = ?, last_failure_reason = NULL, claim_key = NULL,"
			+ " claimed_at = NULL, updated_at = ?, ended_at = NULL WHERE customer_id = ? AND id = ?";

	private static final String DUE = "SELECT " + COLUMNS + FROM + " WHERE s.status IN ('ACTIVE', 'PAST_DUE')"
			+ " AND s.next_attempt_at <= ? AND (s.claim_key IS NULL OR s.claimed_at <= ?) ORDER BY s.next_attempt_at LIMIT ?";

	private static final String CLAIM = "UPDATE credyt_subscription SET claim_key = ?, claimed_at = ?"
			+ " WHERE customer_id = ? AND id = ? AND status IN ('ACTIVE', 'PAST_DUE') AND next_attempt_at <= ?"
			+ " AND (claim_key IS NULL OR claimed_at <= ?)";

	private static final String UNCLAIM = "UPDATE credyt_subscription SET claim_key = NULL, claimed_at = NULL,"
			+ " next_attempt_at = ?, updated_at = ? WHERE customer_id = ? AND claim_key = ?";

	private static final String FAILED = "UPDATE credyt_subscription SET status = ?, failed_attempts = ?,"
			+ " next_attempt_at = ?, last_failure_reason = ?, claim_key = NULL, claimed_at = NULL, updated_at = ?,"
			+ " ended_at = ? WHERE customer_id = ? AND claim_key = ?";

	private static final String END = "UPDATE credyt_subscription SET status = 'CANCELED', next_attempt_at = NULL,"
			+ " claim_key = NULL, claimed_at = NULL, last_failure_reason = COALESCE(?, last_failure_reason),"
			+ " updated_at = ?, ended_at = ? WHERE customer_id = ? AND id = ?";

	private static final String SCHEDULE = "UPDATE credyt_subscription SET cancel_at_period_end = ?, next_plan = ?,"
			+ " updated_at = ? WHERE customer_id = ? AND id = ?";

	private static final String INSERT_CHARGE = "INSERT INTO credyt_subscription_charge (id, subscription_id,"
			+ " customer_id, plan, kind, period_start, period_end, amount, currency, source, payment_reference, revenue,"
			+ " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String CHARGES = "SELECT ch.*, c.external_id FROM credyt_subscription_charge ch"
			+ " JOIN credyt_customer c ON c.id = ch.customer_id WHERE ch.customer_id = ?"
			+ " ORDER BY ch.created_at DESC, ch.period_start DESC";

	private static final String PERIOD_CHARGE = "SELECT ch.*, c.external_id FROM credyt_subscription_charge ch"
			+ " JOIN credyt_customer c ON c.id = ch.customer_id WHERE ch.subscription_id = ? AND ch.period_start = ?";

	private static final String CHANGE = "SELECT fingerprint FROM credyt_subscription_change"
			+ " WHERE customer_id = ? AND idempotency_key = ?";

	private static final String INSERT_CHANGE = "INSERT INTO credyt_subscription_change (customer_id, idempotency_key,"
			+ " subscription_id, kind, fingerprint, from_plan, to_plan, credited, created_at)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String EXPIRE_ALLOWANCES = "UPDATE credyt_entitlement SET expires_at = ? WHERE customer_id = ?"
			+ " AND reference LIKE ? AND (expires_at IS NULL OR expires_at > ?)";

	static final RowMapper<Subscription> SUBSCRIPTION = (rs, row) -> new Subscription(Rows.uuid(rs, "id"),
			rs.getString("external_id"), rs.getString("plan"), SubscriptionStatus.valueOf(rs.getString("status")),
			FeeSource.valueOf(rs.getString("source")), rs.getString("payment_method"),
			Rows.nullableInstant(rs, "period_start"), Rows.nullableInstant(rs, "period_end"),
			rs.getBoolean("cancel_at_period_end"), rs.getString("next_plan"), rs.getInt("failed_attempts"),
			Rows.nullableInstant(rs, "next_attempt_at"), rs.getString("last_failure_reason"),
			Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), Rows.nullableInstant(rs, "ended_at"));

	private static final RowMapper<SubscriptionCharge> CHARGE = (rs, row) -> new SubscriptionCharge(
			Rows.uuid(rs, "id"), Rows.uuid(rs, "subscription_id"), rs.getString("external_id"), rs.getString("plan"),
			SubscriptionCharge.Kind.valueOf(rs.getString("kind")), Rows.instant(rs, "period_start"),
			Rows.instant(rs, "period_end"), Rows.amount(rs, "amount"), rs.getString("currency"),
			FeeSource.valueOf(rs.getString("source")), rs.getString("payment_reference"), Rows.amount(rs, "revenue"),
			Rows.instant(rs, "created_at"));

	/** A subscription row with the parts the API does not show. */
	record Row(long customerId, Subscription subscription, @Nullable String checkoutSession, @Nullable String claimKey) {
	}

	private static final RowMapper<Row> ROW = (rs, row) -> new Row(rs.getLong("customer_id"),
			SUBSCRIPTION.mapRow(rs, row), rs.getString("checkout_session"), rs.getString("claim_key"));

	final JdbcTemplate jdbc;

	SubscriptionStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Row> find(long customerId) {
		return this.jdbc.query(BY_CUSTOMER, ROW, customerId).stream().findFirst();
	}

	/** Locks the customer's subscription row (after their accounts) and reads it. */
	Optional<Row> lock(long customerId) {
		if (this.jdbc.queryForList(LOCK, Long.class, customerId).isEmpty()) {
			return Optional.empty();
		}
		return find(customerId);
	}

	Optional<Row> bySession(String sessionId) {
		return this.jdbc.query(BY_SESSION, ROW, sessionId).stream().findFirst();
	}

	/** A new subscription in the customer's row (inserted, or replacing one that ended or was never paid). */
	void start(long customerId, boolean exists, UUID id, String plan, SubscriptionStatus status, FeeSource source,
			@Nullable String checkoutSession, Instant now) {
		if (exists) {
			this.jdbc.update(RESTART, id, plan, status.name(), source.name(), checkoutSession, time(now), time(now),
					customerId);
		}
		else {
			this.jdbc.update(INSERT, customerId, id, plan, status.name(), source.name(), checkoutSession, time(now),
					time(now));
		}
	}

	/** Makes a paid period current: active on the plan, renewing at its end. */
	void startPeriod(long customerId, UUID id, String plan, @Nullable String paymentMethod, Instant start, Instant end,
			Instant now) {
		int updated = this.jdbc.update(START_PERIOD, plan, paymentMethod, time(start), time(end), time(end), time(now),
				customerId, id);
		if (updated != 1) {
			throw new IllegalStateException("The subscription " + id + " changed under its lock");
		}
	}

	/** The subscriptions whose renewal or retry is due and not claimed (or claimed by an instance gone quiet). */
	List<Row> due(Instant now, Instant staleBefore, int limit) {
		return this.jdbc.query(DUE, ROW, time(now), time(staleBefore), limit);
	}

	/** Claims a due renewal for this caller: one statement decides across threads and instances. */
	boolean claim(long customerId, UUID id, String key, Instant now, Instant staleBefore) {
		return this.jdbc.update(CLAIM, key, time(now), customerId, id, time(now), time(staleBefore)) == 1;
	}

	/** Gives a claim up, to be tried again at {@code retryAt} with the same charge. */
	void unclaim(long customerId, String key, Instant retryAt, Instant now) {
		this.jdbc.update(UNCLAIM, time(retryAt), time(now), customerId, key);
	}

	/**
	 * Records a renewal that could not be collected: past due until {@code retryAt}, or cancelled.
	 * @return whether the caller still held the claim (else nothing changed)
	 */
	boolean failed(long customerId, String key, int attempts, @Nullable Instant retryAt, String reason, Instant now) {
		SubscriptionStatus status = (retryAt != null) ? SubscriptionStatus.PAST_DUE : SubscriptionStatus.CANCELED;
		return 1 == this.jdbc.update(FAILED, status.name(), attempts, time(retryAt), kept(reason), time(now),
				(retryAt != null) ? null : time(now), customerId, key);
	}

	void end(long customerId, UUID id, @Nullable String reason, Instant endedAt, Instant now) {
		this.jdbc.update(END, (reason != null) ? kept(reason) : null, time(now), time(endedAt), customerId,
				id);
	}

	void schedule(long customerId, UUID id, boolean cancelAtPeriodEnd, @Nullable String nextPlan, Instant now) {
		this.jdbc.update(SCHEDULE, cancelAtPeriodEnd, nextPlan, time(now), customerId, id);
	}

	void charge(long customerId, SubscriptionCharge charge) {
		this.jdbc.update(INSERT_CHARGE, charge.id(), charge.subscriptionId(), customerId, charge.plan(),
				charge.kind().name(), time(charge.periodStart()), time(charge.periodEnd()), charge.amount(),
				charge.currency(), charge.source().name(), charge.paymentReference(), charge.revenue(),
				time(charge.createdAt()));
	}

	List<SubscriptionCharge> charges(long customerId) {
		return this.jdbc.query(CHARGES, CHARGE, customerId);
	}

	Optional<SubscriptionCharge> periodCharge(UUID subscriptionId, Instant periodStart) {
		return this.jdbc.query(PERIOD_CHARGE, CHARGE, subscriptionId, time(periodStart)).stream().findFirst();
	}

	/** The fingerprint of the change asked for under a key, if one was. */
	@Nullable String change(long customerId, String key) {
		List<String> found = this.jdbc.queryForList(CHANGE, String.class, customerId, key);
		return found.isEmpty() ? null : found.get(0);
	}

	void recordChange(long customerId, String key, UUID subscriptionId, String kind, String fingerprint,
			@Nullable String fromPlan, @Nullable String toPlan, @Nullable BigDecimal credited, Instant now) {
		this.jdbc.update(INSERT_CHANGE, customerId, key, subscriptionId, kind, fingerprint, fromPlan, toPlan, credited,
				time(now));
	}

	/** Ends the subscription's allowances that are still running, at {@code now}. */
	void expireAllowances(long customerId, UUID subscriptionId, Instant now) {
		this.jdbc.update(EXPIRE_ALLOWANCES, time(now), customerId,
				Subscriptions.ALLOWANCE_PREFIX + subscriptionId + ":%", time(now));
	}

	Page<Subscription> page(@Nullable SubscriptionStatus status, PageRequest page) {
		String where = (status != null) ? " WHERE s.status = ?" : "";
		Object[] filter = (status != null) ? new Object[] { status.name() } : new Object[0];
		Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM credyt_subscription s" + where, Long.class, filter);
		Object[] arguments = new Object[filter.length + 2];
		System.arraycopy(filter, 0, arguments, 0, filter.length);
		arguments[filter.length] = page.size();
		arguments[filter.length + 1] = (long) page.page() * page.size();
		List<Subscription> items = this.jdbc.query("SELECT " + COLUMNS + FROM + where
				+ " ORDER BY s.updated_at DESC, s.customer_id LIMIT ? OFFSET ?", SUBSCRIPTION, arguments);
		return new Page<>(items, page.page(), page.size(), (total != null) ? total : 0);
	}

	Map<SubscriptionStatus, Long> counts() {
		Map<SubscriptionStatus, Long> counts = new EnumMap<>(SubscriptionStatus.class);
		this.jdbc.query("SELECT status, COUNT(*) AS n FROM credyt_subscription GROUP BY status",
				(rs) -> {
					counts.put(SubscriptionStatus.valueOf(rs.getString("status")), rs.getLong("n"));
				});
		return counts;
	}

	/** How many active subscriptions each plan has. */
	Map<String, Long> activeByPlan() {
		Map<String, Long> plans = new java.util.LinkedHashMap<>();
		this.jdbc.query("SELECT plan, COUNT(*) AS n FROM credyt_subscription WHERE status = 'ACTIVE' GROUP BY plan"
				+ " ORDER BY plan", (rs) -> {
					plans.put(rs.getString("plan"), rs.getLong("n"));
				});
		return plans;
	}

	/** The part of a failure reason that is kept. */
	private static String kept(String reason) {
		return (reason.length() > 1024) ? reason.substring(0, 1024) : reason;
	}

}

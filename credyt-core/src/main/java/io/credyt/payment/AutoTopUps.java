package io.credyt.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.credyt.InvalidRequestException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.transaction.RetryingTransactions;
import io.credyt.money.Money;

import static io.credyt.InvalidRequestException.requireText;

/**
 * Auto top-up: each customer's own threshold, amount and saved card. When a debit takes the
 * available balance of the top-up asset below the threshold, exactly one top-up starts for that
 * wallet, across threads and application instances (the claim is one guarded {@code UPDATE}),
 * and is charged off-session and credited after the debit has committed, on an executor: the
 * debit's caller never waits for the payment provider. Never two in flight per customer, a
 * cooldown after a failure, a cap per UTC day.
 * <p>
 * As a {@link LedgerEventListener} it hears every debit inside the debit's own transaction: when
 * the usage leaves the available balance below the customer's threshold it claims the top-up
 * there (so a claim commits exactly when the debit does, and a rolled-back debit claims
 * nothing), and once the transaction has committed it hands the charge to its executor. Pass it
 * to the ledger as its listener.
 * <p>
 * The settings live in {@code credyt_auto_top_up}, one row per customer. A top-up in flight is
 * the row's {@code in_flight_key}: the idempotency key of the off-session charge, and the id of
 * the payment in the {@link PaymentStore}. A claim that stays in flight longer than
 * {@link AutoTopUpOptions#staleAfter()} (the process died mid-charge) may be taken over, and the
 * charge is then retried with the same key: the provider answers a retried key with the payment
 * it already made, if it made one, and the ledger credits a payment once, so a lost top-up is
 * completed rather than charged again.
 * <p>
 * The winner of a claim reads the balance once more before charging: a balance read before the
 * claim may predate the credit of the top-up that had just ended, and would start a second one.
 * A charge that fails for a reason other than a decline (the provider cannot be reached, the
 * credit could not be written) is a failure like a decline, with a cooldown; its payment stays
 * pending in the {@link PaymentStore}, since whether money moved is not known.
 */
public final class AutoTopUps implements LedgerEventListener {

	private static final Log logger = LogFactory.getLog(AutoTopUps.class);

	private static final String UNEXPECTED_FAILURE = "The top-up could not be completed.";

	private static final String COLUMNS = "customer, enabled, threshold, amount, payment_method, in_flight_key,"
			+ " in_flight_since, last_attempt_at, last_status, last_failure_reason, cooldown_until, attempts_day,"
			+ " attempts_today";

	// the claim: one statement decides, across threads and instances, who starts the top-up
	private static final String CLAIM = """
			UPDATE credyt_auto_top_up SET in_flight_key = COALESCE(in_flight_key, ?), in_flight_since = ?,
				updated_at = ?
			WHERE customer = ? AND enabled = TRUE AND payment_method IS NOT NULL
				AND ((in_flight_key IS NULL
						AND (cooldown_until IS NULL OR cooldown_until <= ?)
						AND (attempts_day IS NULL OR attempts_day <> ? OR attempts_today < ?))
					OR (in_flight_key IS NOT NULL AND in_flight_since <= ?))""";

	private static final String ATTEMPT = """
			UPDATE credyt_auto_top_up SET
				attempts_today = CASE WHEN attempts_day = ? THEN attempts_today + 1 ELSE 1 END, attempts_day = ?,
				last_attempt_at = ?, last_status = 'PENDING', last_failure_reason = NULL, updated_at = ?
			WHERE customer = ? AND in_flight_key = ?""";

	private static final String RETRY = """
			UPDATE credyt_auto_top_up SET last_attempt_at = ?, last_status = 'PENDING', last_failure_reason = NULL,
				updated_at = ?
			WHERE customer = ? AND in_flight_key = ?""";

	private static final String RELEASE = """
			UPDATE credyt_auto_top_up SET in_flight_key = NULL, in_flight_since = NULL, updated_at = ?
			WHERE customer = ? AND in_flight_key = ?""";

	private static final String FINISH = """
			UPDATE credyt_auto_top_up SET in_flight_key = NULL, in_flight_since = NULL, last_status = ?,
				last_failure_reason = ?, cooldown_until = ?, updated_at = ?
			WHERE customer = ? AND in_flight_key = ?""";

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final RetryingTransactions transactions;

	private final Supplier<Ledger> ledgerSupplier;

	private final Supplier<TopUps> topUpsSupplier;

	private final AutoTopUpOptions options;

	private final Clock clock;

	private final Executor executor;

	private volatile @Nullable Collaborators collaborators;

	/**
	 * Creates the service.
	 * @param dataSource the database holding the settings (the ledger's)
	 * @param ledger the ledger whose balances are watched
	 * @param topUps charges saved cards and credits the payments
	 * @param options the limits
	 * @param clock the clock
	 */
	public AutoTopUps(DataSource dataSource, Ledger ledger, TopUps topUps, AutoTopUpOptions options, Clock clock) {
		this(dataSource, supplier(ledger, "ledger"), supplier(topUps, "topUps"), options, clock, Runnable::run);
		collaborators();
	}

	/**
	 * Creates the service with its ledger and top-up service looked up on first use, for a
	 * container that builds the ledger with its observers, this service among them, before the
	 * top-up service that needs the ledger.
	 * @param dataSource the database holding the settings (the ledger's)
	 * @param ledger supplies the ledger whose balances are watched
	 * @param topUps supplies the service that charges saved cards and credits the payments
	 * @param options the limits
	 * @param clock the clock
	 */
	public AutoTopUps(DataSource dataSource, Supplier<Ledger> ledger, Supplier<TopUps> topUps,
			AutoTopUpOptions options, Clock clock) {
		this(dataSource, ledger, topUps, options, clock, Runnable::run);
	}

	/**
	 * Creates the service with its ledger and top-up service looked up on first use, charging
	 * claimed top-ups on an executor once the debit that claimed them has committed.
	 * @param dataSource the database holding the settings (the ledger's)
	 * @param ledger supplies the ledger whose balances are watched
	 * @param topUps supplies the service that charges saved cards and credits the payments
	 * @param options the limits
	 * @param clock the clock
	 * @param executor runs the charges ({@code Runnable::run}: on the committing thread, after the commit)
	 */
	public AutoTopUps(DataSource dataSource, Supplier<Ledger> ledger, Supplier<TopUps> topUps,
			AutoTopUpOptions options, Clock clock, Executor executor) {
		Objects.requireNonNull(dataSource, "dataSource");
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new RetryingTransactions(dataSource);
		this.ledgerSupplier = Objects.requireNonNull(ledger, "ledger");
		this.topUpsSupplier = Objects.requireNonNull(topUps, "topUps");
		this.options = Objects.requireNonNull(options, "options");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.executor = Objects.requireNonNull(executor, "executor");
		this.named = new NamedParameterJdbcTemplate(this.jdbc);
	}

	private static <T> Supplier<T> supplier(T value, String name) {
		Objects.requireNonNull(value, name);
		return () -> value;
	}

	private Collaborators collaborators() {
		Collaborators resolved = this.collaborators;
		if (resolved == null) {
			Ledger ledger = Objects.requireNonNull(this.ledgerSupplier.get(), "ledger");
			TopUps topUps = Objects.requireNonNull(this.topUpsSupplier.get(), "topUps");
			String asset = topUps.policy().asset();
			resolved = new Collaborators(ledger, topUps, asset, ledger.catalog().asset(asset).precision(),
					topUps.policy().currencyDigits());
			this.collaborators = resolved;
		}
		return resolved;
	}

	/**
	 * The limits this service keeps to.
	 * @return the options
	 */
	public AutoTopUpOptions options() {
		return this.options;
	}

	/**
	 * The top-up service that charges the saved cards; its policy says the asset the threshold is
	 * in and the amounts allowed, its store the cards a customer may choose.
	 * @return the top-up service
	 */
	public TopUps topUps() {
		return collaborators().topUps();
	}

	/**
	 * A customer's auto top-up and how it has been going.
	 * @param customer the customer's external id
	 * @return the status, empty when the customer never set it up
	 */
	public Optional<AutoTopUpStatus> status(String customer) {
		requireText(customer, "customer", 255);
		LocalDate today = today(this.clock.instant());
		Instant now = this.clock.instant();
		return this.jdbc.query("SELECT " + COLUMNS + " FROM credyt_auto_top_up WHERE customer = ?",
				statusMapper(today, now), customer).stream().findFirst();
	}

	/**
	 * Saves a customer's settings. Turning it on needs a saved card of that customer, a threshold
	 * that is not negative and an amount the top-up policy allows. Changing the settings clears
	 * the cooldown.
	 * <p>
	 * The threshold is in the top-up policy's asset, with at most that asset's precision; the
	 * amount in its currency. A card given while turning it off must be one of the customer's
	 * too. A top-up in flight, the attempts of the day and the last outcome are kept.
	 * @param customer the customer's external id
	 * @param settings the settings
	 * @return the status afterwards
	 * @throws io.credyt.InvalidRequestException naming {@code threshold}, {@code amount} or
	 * {@code paymentMethod}; nothing is written
	 */
	public AutoTopUpStatus configure(String customer, AutoTopUpSettings settings) {
		requireText(customer, "customer", 255);
		if (settings == null) {
			throw new InvalidRequestException("settings", "are required");
		}
		Collaborators with = collaborators();
		BigDecimal threshold = validThreshold(settings.threshold(), with);
		BigDecimal amount = with.topUps().policy().validate(settings.amount());
		String paymentMethod = (settings.paymentMethod() != null && !settings.paymentMethod().isBlank())
				? settings.paymentMethod() : null;
		if (settings.enabled() && paymentMethod == null) {
			throw new InvalidRequestException("paymentMethod", "a saved card is required to turn auto top-up on");
		}
		if (paymentMethod != null && !with.topUps().store().paymentMethods(customer).contains(paymentMethod)) {
			throw new InvalidRequestException("paymentMethod", "is not a card " + customer + " has saved");
		}
		Instant now = this.clock.instant();
		Object[] settingsArgs = { settings.enabled(), threshold, amount, paymentMethod, time(now), customer };
		String updateSql = "UPDATE credyt_auto_top_up SET enabled = ?, threshold = ?, amount = ?, payment_method = ?,"
				+ " cooldown_until = NULL, updated_at = ? WHERE customer = ?";
		if (update(updateSql, settingsArgs) == 0) {
			try {
				update("INSERT INTO credyt_auto_top_up (customer, enabled, threshold, amount, payment_method,"
						+ " attempts_today, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?)", customer, settings.enabled(),
						threshold, amount, paymentMethod, time(now));
			}
			catch (DuplicateKeyException ex) {
				// configured from another instance at the same moment: this save comes after it
				update(updateSql, settingsArgs);
			}
		}
		return status(customer).orElseThrow(() -> new IllegalStateException("Auto top-up of " + customer + " vanished"));
	}

	/**
	 * Starts a top-up if the customer's available balance is below the threshold and none is in
	 * flight, cooling down or over the daily cap, and waits for it.
	 * <p>
	 * Of many concurrent calls, on any number of instances, one claims the top-up and the others
	 * return empty at once. A charge that fails for a reason other than a decline (the provider
	 * cannot be reached) counts as a failure too, with its own cooldown; it is logged.
	 * @param customer the customer's external id
	 * @return the top-up's result, empty when none was started; a declined card gives a result
	 * with status {@link PaymentStatus#FAILED} rather than an exception
	 */
	public Optional<PaymentRecord> check(String customer) {
		requireText(customer, "customer", 255);
		List<BigDecimal> thresholds = this.jdbc.queryForList("SELECT threshold FROM credyt_auto_top_up"
				+ " WHERE customer = ? AND enabled = TRUE AND payment_method IS NOT NULL", BigDecimal.class, customer);
		if (thresholds.isEmpty()) {
			return Optional.empty();
		}
		Collaborators with = collaborators();
		BigDecimal available = with.ledger().balance(customer).available(with.asset());
		if (available.compareTo(thresholds.get(0)) >= 0) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		String freshKey = "auto-top-up-" + UUID.randomUUID();
		if (update(CLAIM, claimArguments(customer, freshKey, now)) == 0) {
			return Optional.empty();
		}
		return chargeClaim(customer, freshKey, now, with);
	}

	private Object[] claimArguments(String customer, String freshKey, Instant now) {
		return new Object[] { freshKey, time(now), time(now), customer, time(now), today(now), this.options.maxPerDay(),
				time(now.minus(this.options.staleAfter())) };
	}

	/** Charges a claim this service took: a fresh one, or one taken over from a lost one. */
	private Optional<PaymentRecord> chargeClaim(String customer, String freshKey, Instant now, Collaborators with) {
		LocalDate today = today(now);
		Claim claim = this.jdbc.queryForObject(
				"SELECT in_flight_key, threshold, amount, payment_method FROM credyt_auto_top_up WHERE customer = ?",
				(rs, row) -> new Claim(rs.getString("in_flight_key"), rs.getBigDecimal("threshold"),
						rs.getBigDecimal("amount"), rs.getString("payment_method")),
				customer);
		Objects.requireNonNull(claim, "claim");
		if (claim.key() == null) {
			return Optional.empty();
		}
		boolean fresh = claim.key().equals(freshKey);
		// the balance read before the claim may predate the credit of a top-up that ended in the
		// meantime; read after the claim, it includes every top-up that ended before it
		if (fresh && with.ledger().balance(customer).available(with.asset()).compareTo(claim.threshold()) >= 0) {
			update(RELEASE, time(this.clock.instant()), customer, freshKey);
			return Optional.empty();
		}
		if (fresh) {
			update(ATTEMPT, today, today, time(now), time(now), customer, freshKey);
		}
		else {
			update(RETRY, time(now), time(now), customer, claim.key());
		}
		return Optional.of(charge(customer, claim, fresh, now, with));
	}

	private PaymentRecord charge(String customer, Claim claim, boolean fresh, Instant claimedAt, Collaborators with) {
		TopUps topUps = with.topUps();
		// a claim taken over from a lost one charges what the lost one did, under its key
		BigDecimal amount = (fresh ? Optional.<PaymentRecord>empty() : topUps.store().find(claim.key()))
			.map(PaymentRecord::amount)
			.orElse(claim.amount())
			.setScale(with.amountDigits(), RoundingMode.UNNECESSARY);
		try {
			TopUpResult result = topUps.chargeSaved(customer, claim.paymentMethod(), amount, claim.key());
			if (result.isCredited()) {
				finish(customer, claim.key(), PaymentStatus.SUCCEEDED, null, null);
			}
			// else the provider is still processing: the claim stays in flight, and once stale
			// the charge is asked for again under the same key
			return payment(topUps, claim.key(), customer, result.status(), amount, result.paymentReference(), null,
					claimedAt);
		}
		catch (PaymentDeclinedException ex) {
			return failed(topUps, customer, claim.key(), amount, ex.reason(), claimedAt);
		}
		catch (RuntimeException ex) {
			logger.warn("Auto top-up " + claim.key() + " of customer " + customer + " failed", ex);
			return failed(topUps, customer, claim.key(), amount, UNEXPECTED_FAILURE, claimedAt);
		}
	}

	private PaymentRecord failed(TopUps topUps, String customer, String key, BigDecimal amount, String reason,
			Instant claimedAt) {
		Instant cooldownUntil = this.clock.instant().plus(this.options.cooldown());
		finish(customer, key, PaymentStatus.FAILED, reason, cooldownUntil);
		return payment(topUps, key, customer, PaymentStatus.FAILED, amount, null, reason, claimedAt);
	}

	private void finish(String customer, String key, PaymentStatus status, @Nullable String reason,
			@Nullable Instant cooldownUntil) {
		String kept = (reason != null) ? PaymentRecord.keptFailureReason(reason) : null;
		update(FINISH, status.name(), kept, time(cooldownUntil), time(this.clock.instant()), customer, key);
	}

	private PaymentRecord payment(TopUps topUps, String key, String customer, PaymentStatus status,
			BigDecimal amount, @Nullable String reference, @Nullable String reason, Instant claimedAt) {
		return topUps.store()
			.find(key)
			.orElseGet(() -> new PaymentRecord(key, customer, PaymentKind.AUTO_TOP_UP, topUps.provider().name(), status,
					amount, topUps.policy().currency(), reference, reason, claimedAt, this.clock.instant()));
	}

	/**
	 * Customers whose last auto top-up failed, most recent first, for the dashboard. Customers
	 * who turned auto top-up off since are listed too, with their settings.
	 * @param page which page
	 * @return the page
	 */
	public Page<AutoTopUpStatus> failing(PageRequest page) {
		if (page == null) {
			throw new InvalidRequestException("page", "is required");
		}
		Instant now = this.clock.instant();
		Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM credyt_auto_top_up WHERE last_status = 'FAILED'",
				Long.class);
		List<AutoTopUpStatus> items = this.jdbc.query("SELECT " + COLUMNS + " FROM credyt_auto_top_up"
				+ " WHERE last_status = 'FAILED' ORDER BY last_attempt_at DESC, customer LIMIT ? OFFSET ?",
				statusMapper(today(now), now), page.size(), page.offset());
		return new Page<>(items, page.page(), page.size(), (total != null) ? total : 0);
	}

	/**
	 * Inside a debit's transaction: claims a top-up for every customer whose usage in the top-up
	 * asset left the available balance below their threshold, and once the transaction has
	 * committed hands the charges to the executor. Never throws for a top-up's sake: the debit
	 * commits whatever happens to the top-up (a claim that could not be taken is logged).
	 */
	@Override
	public void committing(List<LedgerEvent> events) {
		Map<String, BigDecimal> below = debitedBalances(events);
		if (below.isEmpty()) {
			return;
		}
		Map<String, BigDecimal> thresholds = new HashMap<>();
		this.named.query("SELECT customer, threshold FROM credyt_auto_top_up WHERE customer IN (:customers)"
				+ " AND enabled = TRUE AND payment_method IS NOT NULL", Map.of("customers", below.keySet()),
				(rs) -> {
					thresholds.put(rs.getString("customer"), rs.getBigDecimal("threshold"));
				});
		Instant now = this.clock.instant();
		List<String[]> claims = new ArrayList<>();
		for (Map.Entry<String, BigDecimal> threshold : new TreeMap<>(thresholds).entrySet()) {
			String customer = threshold.getKey();
			if (below.get(customer).compareTo(threshold.getValue()) >= 0) {
				continue;
			}
			String freshKey = "auto-top-up-" + UUID.randomUUID();
			// on the debit's connection: the claim commits or rolls back with the debit
			if (this.jdbc.update(CLAIM, claimArguments(customer, freshKey, now)) == 1) {
				claims.add(new String[] { customer, freshKey });
			}
		}
		if (!claims.isEmpty()) {
			afterCommit(() -> {
				for (String[] claim : claims) {
					this.executor.execute(() -> chargeClaimQuietly(claim[0], claim[1]));
				}
			});
		}
	}

	/** The available balance after the transaction of each customer billed in the top-up asset. */
	private Map<String, BigDecimal> debitedBalances(List<LedgerEvent> events) {
		String asset = collaborators().asset();
		Map<String, BigDecimal> debited = new HashMap<>();
		for (LedgerEvent event : events) {
			if (event instanceof LedgerEvent.UsageRecorded recorded && recorded.usage().asset().equals(asset)
					&& recorded.usage().fee().signum() > 0) {
				debited.put(recorded.customer(), null);
			}
		}
		Map<String, BigDecimal> balances = new HashMap<>();
		for (LedgerEvent event : events) {
			if (event instanceof LedgerEvent.BalanceChanged changed && changed.asset().equals(asset)
					&& debited.containsKey(changed.customer())) {
				balances.put(changed.customer(), changed.availableAfter());
			}
		}
		return balances;
	}

	private void chargeClaimQuietly(String customer, String freshKey) {
		try {
			chargeClaim(customer, freshKey, this.clock.instant(), collaborators());
		}
		catch (RuntimeException ex) {
			logger.warn("Auto top-up of customer " + customer + " failed", ex);
		}
	}

	private static void afterCommit(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

	private static BigDecimal validThreshold(@Nullable BigDecimal threshold, Collaborators with) {
		BigDecimal exact = Money.exact(threshold, "threshold");
		if (exact.signum() < 0) {
			throw new InvalidRequestException("threshold", "must not be negative, was " + threshold.toPlainString());
		}
		if (exact.stripTrailingZeros().scale() > with.thresholdDigits()) {
			throw new InvalidRequestException("threshold", "must have at most " + with.thresholdDigits()
					+ " decimal places in " + with.asset() + ", was " + threshold.toPlainString());
		}
		return exact;
	}

	private RowMapper<AutoTopUpStatus> statusMapper(LocalDate today, Instant now) {
		Collaborators with = collaborators();
		return (rs, row) -> {
			String customer = rs.getString("customer");
			AutoTopUpSettings settings = new AutoTopUpSettings(rs.getBoolean("enabled"),
					rs.getBigDecimal("threshold").setScale(with.thresholdDigits(), RoundingMode.UNNECESSARY),
					rs.getBigDecimal("amount").setScale(with.amountDigits(), RoundingMode.UNNECESSARY),
					rs.getString("payment_method"));
			Instant inFlightSince = (rs.getString("in_flight_key") != null) ? instant(rs, "in_flight_since") : null;
			String lastStatus = rs.getString("last_status");
			Instant cooldownUntil = instant(rs, "cooldown_until");
			LocalDate day = rs.getObject("attempts_day", LocalDate.class);
			return new AutoTopUpStatus(customer, settings, inFlightSince, instant(rs, "last_attempt_at"),
					(lastStatus != null) ? PaymentStatus.valueOf(lastStatus) : null, rs.getString("last_failure_reason"),
					(cooldownUntil != null && cooldownUntil.isAfter(now)) ? cooldownUntil : null,
					today.equals(day) ? rs.getInt("attempts_today") : 0);
		};
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	// one statement in a transaction of its own, retried when it lost a deadlock or lock wait
	private int update(String sql, @Nullable Object... args) {
		return this.transactions.update(() -> this.jdbc.update(sql, args));
	}

	private static @Nullable OffsetDateTime time(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static LocalDate today(Instant now) {
		return LocalDate.ofInstant(now, ZoneOffset.UTC);
	}

	private record Collaborators(Ledger ledger, TopUps topUps, String asset, int thresholdDigits, int amountDigits) {
	}

	private record Claim(String key, BigDecimal threshold, BigDecimal amount, String paymentMethod) {
	}

}

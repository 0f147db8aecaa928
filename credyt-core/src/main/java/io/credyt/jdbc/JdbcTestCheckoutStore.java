package io.credyt.jdbc;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import io.credyt.payment.CheckoutRequest;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.TestCheckoutSession;
import io.credyt.payment.TestCheckoutStore;
import io.credyt.payment.UnknownCheckoutSessionException;
import io.credyt.transaction.RetryingTransactions;

import static io.credyt.jdbc.Rows.time;

/**
 * The test payment provider's checkouts and saved cards on the ledger's database
 * ({@code credyt_test_checkout} and {@code credyt_test_card}), so that a checkout started on one
 * application instance can be paid and completed on another. Every write is one statement in a
 * transaction of its own; a session is created once per idempotency key (the unique key decides
 * between instances), and a succeeded session is never settled again (the guard is in the
 * {@code UPDATE}'s own {@code WHERE}).
 */
public final class JdbcTestCheckoutStore implements TestCheckoutStore {

	private static final String SESSION_COLUMNS = "id, idempotency_key, customer, amount, currency, success_url,"
			+ " cancel_url, save_payment_method, status, payment_reference, saved_payment_method, failure_reason,"
			+ " created_at, updated_at, description";

	private static final String SELECT_SESSION = "SELECT " + SESSION_COLUMNS + " FROM credyt_test_checkout WHERE ";

	private static final String SETTLE = "UPDATE credyt_test_checkout SET status = ?, payment_reference = ?,"
			+ " failure_reason = ?, saved_payment_method = COALESCE(?, saved_payment_method), updated_at = ?"
			+ " WHERE id = ? AND status <> 'SUCCEEDED'";

	private static final String SELECT_CARDS = "SELECT payment_method FROM credyt_test_card WHERE customer = ?"
			+ " ORDER BY payment_method";

	private static final RowMapper<TestCheckoutSession> SESSION = (rs, row) -> new TestCheckoutSession(
			rs.getString("id"),
			new CheckoutRequest(rs.getString("customer"), Rows.amount(rs, "amount"), rs.getString("currency"),
					rs.getString("success_url"), rs.getString("cancel_url"), rs.getBoolean("save_payment_method"),
					rs.getString("idempotency_key"), rs.getString("description")),
			PaymentStatus.valueOf(rs.getString("status")), rs.getString("payment_reference"),
			rs.getString("saved_payment_method"), rs.getString("failure_reason"));

	private final JdbcTemplate jdbc;

	private final RetryingTransactions transactions;

	private final Clock clock;

	private final String insertSession;

	private final String insertCard;

	/**
	 * Creates the store.
	 * @param dataSource the ledger's database, with the schema created
	 * @param clock the clock rows are stamped with
	 */
	public JdbcTestCheckoutStore(DataSource dataSource, Clock clock) {
		Objects.requireNonNull(dataSource, "dataSource");
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new RetryingTransactions(dataSource);
		this.clock = Objects.requireNonNull(clock, "clock");
		Dialect dialect = Dialect.of(dataSource);
		this.insertSession = dialect.insertIfAbsent("credyt_test_checkout", SESSION_COLUMNS, "idempotency_key");
		this.insertCard = dialect.insertIfAbsent("credyt_test_card", "customer, payment_method, created_at",
				"customer, payment_method");
	}

	@Override
	public TestCheckoutSession create(String sessionId, String idempotencyKey, CheckoutRequest request) {
		var now = time(this.clock.instant());
		this.transactions.update(() -> this.jdbc.update(this.insertSession, sessionId, idempotencyKey,
				request.customer(), request.amount(), request.currency(), request.successUrl(), request.cancelUrl(),
				request.savePaymentMethod(), PaymentStatus.PENDING.name(), null, null, null, now, now,
				request.description()));
		List<TestCheckoutSession> stored = this.jdbc.query(SELECT_SESSION + "idempotency_key = ?", SESSION,
				idempotencyKey);
		if (stored.isEmpty()) {
			throw new IllegalStateException("The test checkout '" + sessionId + "' was stored but cannot be read back");
		}
		return stored.get(0);
	}

	@Override
	public Optional<TestCheckoutSession> find(String sessionId) {
		return this.jdbc.query(SELECT_SESSION + "id = ?", SESSION, sessionId).stream().findFirst();
	}

	@Override
	public TestCheckoutSession settle(String sessionId, PaymentStatus status, @Nullable String paymentReference,
			@Nullable String failureReason, @Nullable String savedPaymentMethod) {
		this.transactions.update(() -> this.jdbc.update(SETTLE, status.name(), paymentReference, failureReason,
				savedPaymentMethod, time(this.clock.instant()), sessionId));
		return find(sessionId).orElseThrow(() -> new UnknownCheckoutSessionException(sessionId));
	}

	@Override
	public void saveCard(String customer, String paymentMethod) {
		this.transactions
			.update(() -> this.jdbc.update(this.insertCard, customer, paymentMethod, time(this.clock.instant())));
	}

	@Override
	public Set<String> savedCards(String customer) {
		return new LinkedHashSet<>(this.jdbc.queryForList(SELECT_CARDS, String.class, customer));
	}

}

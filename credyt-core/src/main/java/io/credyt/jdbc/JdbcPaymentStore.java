package io.credyt.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import io.credyt.InvalidRequestException;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.money.Money;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.transaction.RetryingTransactions;

import static io.credyt.InvalidRequestException.requireText;
import static io.credyt.jdbc.Rows.time;

/**
 * The {@link PaymentStore} on the ledger's database ({@code credyt_payment} and
 * {@code credyt_payment_method}), on H2 and PostgreSQL.
 * <p>
 * Every write is one guarded statement in a transaction of its own (it does not join the
 * caller's), so that what a payment did is remembered even when the caller's transaction rolls
 * back, and so that any number of instances may report the same payment: a payment is one row,
 * and a succeeded payment is never turned back into a failed one. Times come from this store's
 * clock; the {@code createdAt} and {@code updatedAt} of the records passed in are not used.
 */
public final class JdbcPaymentStore implements PaymentStore {

	private static final String COLUMNS = "id, customer, kind, provider, status, amount, currency, payment_reference,"
			+ " failure_reason, created_at, updated_at";

	private static final RowMapper<PaymentRecord> PAYMENT = (rs, row) -> new PaymentRecord(rs.getString("id"),
			rs.getString("customer"), PaymentKind.valueOf(rs.getString("kind")), rs.getString("provider"),
			PaymentStatus.valueOf(rs.getString("status")), Rows.amount(rs, "amount"), rs.getString("currency"),
			rs.getString("payment_reference"), rs.getString("failure_reason"), Rows.instant(rs, "created_at"),
			Rows.instant(rs, "updated_at"));

	private final JdbcTemplate jdbc;

	private final RetryingTransactions transactions;

	private final Clock clock;

	private final String insertPayment;

	private final String insertPaymentMethod;

	/**
	 * Creates the store on the system clock (UTC).
	 * @param dataSource the ledger's database, with the schema created
	 */
	public JdbcPaymentStore(DataSource dataSource) {
		this(dataSource, Clock.systemUTC());
	}

	/**
	 * Creates the store.
	 * @param dataSource the ledger's database, with the schema created
	 * @param clock the clock payments are stamped with
	 */
	public JdbcPaymentStore(DataSource dataSource, Clock clock) {
		Objects.requireNonNull(dataSource, "dataSource");
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new RetryingTransactions(dataSource);
		this.clock = Objects.requireNonNull(clock, "clock");
		Dialect dialect = Dialect.of(dataSource);
		this.insertPayment = dialect.insertIfAbsent("credyt_payment", COLUMNS, "id");
		this.insertPaymentMethod = dialect.insertIfAbsent("credyt_payment_method", "customer, reference, created_at",
				"customer, reference");
	}

	@Override
	public void started(PaymentRecord payment) {
		validate(payment);
		Instant now = this.clock.instant();
		insert(payment, PaymentStatus.PENDING, null, null, now);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A failed payment may still succeed later (the customer tries another card at the same
	 * checkout). A payment known under another customer is refused.
	 * @throws InvalidRequestException naming {@code status} when it is {@code PENDING}, or
	 * another field of the payment that is missing or unfit; nothing is written
	 */
	@Override
	public PaymentRecord settled(PaymentRecord payment) {
		validate(payment);
		if (payment.status() == PaymentStatus.PENDING) {
			throw new InvalidRequestException("status", "a settled payment has SUCCEEDED or FAILED");
		}
		if (payment.status() == PaymentStatus.SUCCEEDED && payment.paymentReference() == null) {
			throw new InvalidRequestException("paymentReference", "is required for a succeeded payment");
		}
		Optional<PaymentRecord> known = find(payment.id());
		if (known.isPresent() && !known.get().customer().equals(payment.customer())) {
			throw new InvalidRequestException("id",
					"payment '" + payment.id() + "' belongs to another customer than " + payment.customer());
		}
		String reference = (payment.status() == PaymentStatus.SUCCEEDED) ? payment.paymentReference() : null;
		String reason = (payment.status() == PaymentStatus.FAILED) ? failureReason(payment.failureReason()) : null;
		Instant now = this.clock.instant();
		// the guard keeps a succeeded payment succeeded, whoever reports what and in which order;
		// when another instance inserts the row between the update and the insert, the second
		// update applies this report under the same guard
		if (update(payment, reference, reason, now) == 0 && !insert(payment, payment.status(), reference, reason, now)) {
			update(payment, reference, reason, now);
		}
		return find(payment.id()).orElseThrow(() -> new IllegalStateException("Payment " + payment.id() + " vanished"));
	}

	private int update(PaymentRecord payment, @Nullable String reference, @Nullable String reason, Instant now) {
		return this.transactions.update(() -> this.jdbc.update(
				"UPDATE credyt_payment SET status = ?, payment_reference = COALESCE(?, payment_reference),"
						+ " failure_reason = ?, updated_at = ? WHERE id = ? AND customer = ? AND status <> ?",
				payment.status().name(), reference, reason, time(now), payment.id(), payment.customer(),
				PaymentStatus.SUCCEEDED.name()));
	}

	/** Inserts the payment unless its id is known; whether this call inserted it. */
	private boolean insert(PaymentRecord payment, PaymentStatus status, @Nullable String reference,
			@Nullable String reason, Instant now) {
		try {
			return this.transactions.update(() -> this.jdbc.update(this.insertPayment, payment.id(),
					payment.customer(), payment.kind().name(), payment.provider(), status.name(),
					Money.positive(payment.amount(), "amount"), payment.currency(), reference, reason, time(now),
					time(now))) > 0;
		}
		catch (DuplicateKeyException ex) {
			// inserted by another instance at the same moment
			return false;
		}
	}

	@Override
	public Optional<PaymentRecord> find(String id) {
		requireText(id, "id", 255);
		return this.jdbc.query("SELECT " + COLUMNS + " FROM credyt_payment WHERE id = ?", PAYMENT, id)
			.stream()
			.findFirst();
	}

	@Override
	public Page<PaymentRecord> payments(@Nullable String customer, PageRequest page) {
		if (page == null) {
			throw new InvalidRequestException("page", "is required");
		}
		String order = " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
		if (customer == null) {
			Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM credyt_payment", Long.class);
			List<PaymentRecord> items = this.jdbc.query("SELECT " + COLUMNS + " FROM credyt_payment" + order, PAYMENT,
					page.size(), page.offset());
			return new Page<>(items, page.page(), page.size(), (total != null) ? total : 0);
		}
		requireText(customer, "customer", 255);
		Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM credyt_payment WHERE customer = ?", Long.class,
				customer);
		List<PaymentRecord> items = this.jdbc.query(
				"SELECT " + COLUMNS + " FROM credyt_payment WHERE customer = ?" + order, PAYMENT, customer,
				page.size(), page.offset());
		return new Page<>(items, page.page(), page.size(), (total != null) ? total : 0);
	}

	@Override
	public void paymentMethodSaved(String customer, String paymentMethod) {
		requireText(customer, "customer", 255);
		requireText(paymentMethod, "paymentMethod", 255);
		Instant now = this.clock.instant();
		try {
			this.transactions
				.update(() -> this.jdbc.update(this.insertPaymentMethod, customer, paymentMethod, time(now)));
		}
		catch (DuplicateKeyException ex) {
			// saved by another instance at the same moment
		}
	}

	@Override
	public List<String> paymentMethods(String customer) {
		requireText(customer, "customer", 255);
		return this.jdbc.queryForList(
				"SELECT reference FROM credyt_payment_method WHERE customer = ? ORDER BY created_at DESC, reference DESC",
				String.class, customer);
	}

	private static void validate(@Nullable PaymentRecord payment) {
		if (payment == null) {
			throw new InvalidRequestException("payment", "is required");
		}
		requireText(payment.id(), "id", 255);
		requireText(payment.customer(), "customer", 255);
		if (payment.kind() == null) {
			throw new InvalidRequestException("kind", "is required");
		}
		if (payment.status() == null) {
			throw new InvalidRequestException("status", "is required");
		}
		requireText(payment.provider(), "provider", 32);
		requireText(payment.currency(), "currency", 32);
		Money.positive(payment.amount(), "amount");
		if (payment.paymentReference() != null) {
			requireText(payment.paymentReference(), "paymentReference", 255);
		}
	}

	// a failed payment always says why: the provider's words, or these
	private static String failureReason(@Nullable String reason) {
		if (reason == null || reason.isBlank()) {
			return "The payment failed.";
		}
		return PaymentRecord.keptFailureReason(reason);
	}

}

package io.credyt.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import io.credyt.InvalidRequestException;
import io.credyt.adjust.ActionConflictException;
import io.credyt.adjust.Adjustments;
import io.credyt.adjust.ChargeAlreadyRefundedException;
import io.credyt.adjust.ChargeRefund;
import io.credyt.adjust.ChargeRefunds;
import io.credyt.adjust.OperatorAction;
import io.credyt.adjust.TopUpRefund;
import io.credyt.adjust.UnknownChargeException;
import io.credyt.adjust.UnknownPaymentException;
import io.credyt.catalog.Catalog;
import io.credyt.engine.EntitlementState;
import io.credyt.engine.EntitlementUse;
import io.credyt.engine.Planner;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UnknownCustomerException;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Asset;
import io.credyt.money.Money;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.RefundOutcome;
import io.credyt.payment.RefundRequest;
import io.credyt.transaction.RetryingTransactions;

import static io.credyt.jdbc.Rows.time;

/**
 * {@link Adjustments} on the ledger's tables. Each action is one transaction that locks the
 * customer's accounts (in asset order, as every ledger transaction does: accounts before
 * entitlements), applies their due grant changes, records the action under its idempotency key,
 * makes its changes and tells the ledger's listeners before it commits. The action's row and the
 * charge's refund row have primary keys, so a key used twice or a charge refunded twice at the
 * same moment fails the later transaction, which then answers from what the first one wrote.
 *
 * <p>
 * A top-up refund takes three steps, so that money never goes back to a card while the wallet
 * keeps it: the wallet is debited and the refund recorded as pending; the provider is asked
 * (with the refund's id as its idempotency key); the refund is settled as succeeded, or as
 * failed with the wallet credited back. A refund left pending (the process died, the provider was
 * unreachable) resumes when the same action is sent again.
 */
public final class JdbcAdjustments implements Adjustments {

	private static final String ACTION = "SELECT * FROM credyt_action WHERE idempotency_key = ?";

	private static final String INSERT_ACTION = "INSERT INTO credyt_action (idempotency_key, customer_id, kind,"
			+ " fingerprint, actor, reason, result_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String LOCK_ACCOUNTS = "SELECT customer_id, asset, posted, held, overdraft_limit,"
			+ " next_grant_change_at FROM credyt_account WHERE customer_id = ? ORDER BY asset FOR UPDATE";

	private static final String CHARGE = "SELECT u.*, c.external_id FROM credyt_usage_event u"
			+ " JOIN credyt_customer c ON c.id = u.customer_id WHERE u.id = ? AND u.customer_id = ?";

	private static final String LAST_CHARGES = "SELECT u.*, c.external_id FROM credyt_usage_event u"
			+ " JOIN credyt_customer c ON c.id = u.customer_id WHERE u.customer_id = ?"
			+ " ORDER BY u.recorded_at DESC, u.id DESC FETCH FIRST ? ROWS ONLY";

	private static final String REFUNDED = "SELECT usage_event_id FROM credyt_refund WHERE usage_event_id IN (:ids)";

	private static final String INSERT_REFUND = "INSERT INTO credyt_refund (usage_event_id, customer_id, action_key,"
			+ " asset, fee, fee_promotional, fee_bundled, fee_paid, fee_unfunded, units, units_restored, adjustment_id,"
			+ " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String REFUND_COLUMNS = "r.*, u.product, c.external_id, a.actor, a.reason";

	private static final String REFUND_JOINS = " FROM credyt_refund r JOIN credyt_usage_event u ON u.id = r.usage_event_id"
			+ " JOIN credyt_customer c ON c.id = r.customer_id JOIN credyt_action a ON a.idempotency_key = r.action_key";

	private static final String REFUND_OF = "SELECT " + REFUND_COLUMNS + REFUND_JOINS + " WHERE r.usage_event_id = ?";

	private static final String REFUNDS_OF_ACTION = "SELECT " + REFUND_COLUMNS + REFUND_JOINS
			+ " WHERE r.action_key = ? ORDER BY u.recorded_at DESC, u.id DESC";

	private static final String REFUNDS_OF_CUSTOMER = "SELECT " + REFUND_COLUMNS + REFUND_JOINS
			+ " WHERE r.customer_id = ? ORDER BY r.created_at DESC, r.usage_event_id DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";

	private static final String COUNT_REFUNDS = "SELECT COUNT(*) FROM credyt_refund WHERE customer_id = ?";

	private static final String ADJUSTMENT = "SELECT * FROM credyt_adjustment WHERE id = ?";

	private static final String REFUNDED_OF_PAYMENT = "SELECT COALESCE(SUM(amount), 0) FROM credyt_payment_refund"
			+ " WHERE payment_id = ? AND status <> 'FAILED'";

	private static final String INSERT_TOP_UP_REFUND = "INSERT INTO credyt_payment_refund (id, action_key, payment_id,"
			+ " customer_id, amount, currency, asset, debited, overdraft_limit, status, created_at, updated_at)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)";

	private static final String SETTLE_TOP_UP_REFUND = "UPDATE credyt_payment_refund SET status = ?,"
			+ " provider_reference = ?, failure_reason = ?, updated_at = ? WHERE id = ? AND status = 'PENDING'";

	private static final String TOP_UP_REFUND_COLUMNS = "p.*, c.external_id, a.actor, a.reason";

	private static final String TOP_UP_REFUND_JOINS = " FROM credyt_payment_refund p"
			+ " JOIN credyt_customer c ON c.id = p.customer_id JOIN credyt_action a ON a.idempotency_key = p.action_key";

	private static final String TOP_UP_REFUND = "SELECT " + TOP_UP_REFUND_COLUMNS + TOP_UP_REFUND_JOINS + " WHERE p.id = ?";

	private static final String TOP_UP_REFUNDS_OF_CUSTOMER = "SELECT " + TOP_UP_REFUND_COLUMNS + TOP_UP_REFUND_JOINS
			+ " WHERE p.customer_id = ? ORDER BY p.created_at DESC, p.id DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";

	private static final String COUNT_TOP_UP_REFUNDS = "SELECT COUNT(*) FROM credyt_payment_refund WHERE customer_id = ?";

	/** The order in which a refunded fee goes back: what an overdraft lent first, so it settles the debt. */
	private static final List<GrantPurpose> RESTORE_ORDER = List.of(GrantPurpose.PAID, GrantPurpose.BUNDLED,
			GrantPurpose.PROMOTIONAL);

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final Stores stores;

	private final RetryingTransactions transactions;

	private final CreditOperations credits;

	private final Catalog catalog;

	private final LedgerEventListener listener;

	private final Clock clock;

	private final PaymentStore payments;

	private final @Nullable PaymentProvider provider;

	/**
	 * The service on the ledger's database, telling the ledger's listeners of its changes.
	 * @param dataSource the ledger's database
	 * @param transactionManager its transaction manager
	 * @param catalog the ledger's products and assets
	 * @param options the ledger's options (its default overdraft limit, retries)
	 * @param clock the time
	 * @param listener hears every change before it commits
	 * @param payments where top-up payments are remembered
	 * @param provider the payment provider that refunds top-ups, or {@code null} when there is none
	 * (then top-ups cannot be refunded)
	 */
	public JdbcAdjustments(DataSource dataSource, PlatformTransactionManager transactionManager, Catalog catalog,
			LedgerOptions options, Clock clock, LedgerEventListener listener, PaymentStore payments,
			@Nullable PaymentProvider provider) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.named = new NamedParameterJdbcTemplate(this.jdbc);
		this.transactions = new RetryingTransactions(transactionManager, options.maxRetries());
		this.stores = Stores.create(this.jdbc, this.named, Dialect.of(dataSource).statements(), this.transactions,
				options);
		this.credits = new CreditOperations(this.stores, this.transactions, catalog, listener);
		this.catalog = catalog;
		this.listener = listener;
		this.clock = clock;
		this.payments = Objects.requireNonNull(payments, "payments");
		this.provider = provider;
	}

	/**
	 * The service with the default options, no listener, and no payment provider.
	 * @param dataSource the ledger's database
	 * @param catalog the ledger's products and assets
	 * @param clock the time
	 * @param payments where top-up payments are remembered
	 */
	public JdbcAdjustments(DataSource dataSource, Catalog catalog, Clock clock, PaymentStore payments) {
		this(dataSource, new DataSourceTransactionManager(dataSource), catalog, LedgerOptions.defaults(), clock,
				LedgerEventListener.NONE, payments, null);
	}

	// ------------------------------------------------------------------ charges

	@Override
	public ChargeRefunds refundCharge(String customer, String usageEventId, OperatorAction action) {
		InvalidRequestException.requireText(usageEventId, "usageEventId", 128);
		return refundCharges(customer, usageEventId, 1, action);
	}

	@Override
	public ChargeRefunds refundLastCharges(String customer, int count, OperatorAction action) {
		if (count < 1 || count > MAX_CHARGES) {
			throw new InvalidRequestException("count", "must be between 1 and " + MAX_CHARGES + ", was " + count);
		}
		return refundCharges(customer, null, count, action);
	}

	private ChargeRefunds refundCharges(String customer, @Nullable String usageEventId, int count,
			OperatorAction action) {
		Objects.requireNonNull(action, "action");
		long customerId = existingCustomer(customer);
		String kind = (usageEventId != null) ? "REFUND_CHARGE" : "REFUND_LAST_CHARGES";
		String fingerprint = fingerprint(kind, customer, (usageEventId != null) ? usageEventId : Integer.toString(count));
		Instant now = now();
		try {
			return this.transactions.run(() -> {
				ChargeRefunds replay = replayedRefunds(action, fingerprint);
				if (replay != null) {
					return replay;
				}
				Map<String, AccountStore.AccountRow> accounts = lockAccounts(customerId, now);
				List<UsageRecord> charges = (usageEventId != null) ? charge(customer, customerId, usageEventId)
						: this.jdbc.query(LAST_CHARGES, Rows.USAGE, customerId, count);
				Set<String> refunded = refunded(charges.stream().map(UsageRecord::id).toList(), true);
				if (usageEventId != null && !refunded.isEmpty()) {
					throw new ChargeAlreadyRefundedException(usageEventId);
				}
				insertAction(action, customerId, kind, fingerprint, null, now);
				List<LedgerEvent> events = new ArrayList<>();
				Map<String, BigDecimal> before = available(accounts);
				Entitlements entitlements = entitlements(customerId, charges);
				List<ChargeRefund> refunds = new ArrayList<>();
				List<String> skipped = new ArrayList<>();
				for (UsageRecord charge : charges) {
					if (refunded.contains(charge.id())) {
						skipped.add(charge.id());
					}
					else {
						refunds.add(refund(charge, customerId, accounts, entitlements, action, now, events));
					}
				}
				entitlements.write(this.stores.entitlements());
				commit(customer, customerId, before, events);
				return new ChargeRefunds(refunds, skipped, false);
			});
		}
		catch (DuplicateKeyException ex) {
			// another transaction committed the same key, or refunded the same charge, while this one ran
			ChargeRefunds replay = this.transactions.run(() -> replayedRefunds(action, fingerprint));
			if (replay != null) {
				return replay;
			}
			if (usageEventId != null) {
				throw new ChargeAlreadyRefundedException(usageEventId);
			}
			throw ex;
		}
	}

	private List<UsageRecord> charge(String customer, long customerId, String usageEventId) {
		List<UsageRecord> found = this.jdbc.query(CHARGE, Rows.USAGE, usageEventId, customerId);
		if (found.isEmpty()) {
			throw new UnknownChargeException(customer, usageEventId);
		}
		return found;
	}

	private ChargeRefund refund(UsageRecord charge, long customerId, Map<String, AccountStore.AccountRow> accounts,
			Entitlements entitlements, OperatorAction action, Instant now, List<LedgerEvent> events) {
		BigDecimal unitsRestored = Money.zero();
		if (charge.entitledUnits().signum() > 0) {
			unitsRestored = Planner.restoreUnits(entitlements.states, entitlements.uses(charge.holdId()), charge.product(),
					charge.entitledUnits(), charge.recordedAt(), now);
		}
		UUID adjustmentId = null;
		if (charge.fee().signum() > 0) {
			adjustmentId = UUID.randomUUID();
			AccountStore.AccountRow account = Objects.requireNonNull(accounts.get(charge.asset()), "the charge's account");
			FeeSplit split = charge.split();
			UUID firstGrant = null;
			// what the overdraft lent goes back first: as it settles the debt, the other kinds keep their value
			if (split.unfunded().signum() > 0) {
				firstGrant = restore(account, charge, GrantPurpose.PAID, split.unfunded(), "unfunded", adjustmentId, now);
			}
			for (GrantPurpose purpose : RESTORE_ORDER) {
				BigDecimal amount = switch (purpose) {
					case PAID -> split.paid();
					case BUNDLED -> split.bundled();
					case PROMOTIONAL -> split.promotional();
				};
				if (amount.signum() > 0) {
					UUID grant = restore(account, charge, purpose, amount, purpose.name().toLowerCase(java.util.Locale.ROOT),
							adjustmentId, now);
					firstGrant = (firstGrant != null) ? firstGrant : grant;
				}
			}
			Adjustment adjustment = new Adjustment(adjustmentId, charge.customer(), charge.asset(), charge.fee(),
					AdjustmentReason.REFUND, charge.id(), action.reason(), firstGrant, now, action.operator());
			this.stores.entries().adjustment(adjustment, customerId);
			events.add(new LedgerEvent.AdjustmentRecorded(adjustment));
		}
		FeeSplit split = charge.split();
		this.jdbc.update(INSERT_REFUND, charge.id(), customerId, action.idempotencyKey(), charge.asset(), charge.fee(),
				split.promotional(), split.bundled(), split.paid(), split.unfunded(), charge.entitledUnits(), unitsRestored,
				adjustmentId, time(now));
		return new ChargeRefund(charge.id(), charge.customer(), charge.product(), charge.asset(), charge.fee(), split,
				charge.entitledUnits(), unitsRestored, adjustmentId, action.operator(), action.reason(), now);
	}

	private UUID restore(AccountStore.AccountRow account, UsageRecord charge, GrantPurpose purpose, BigDecimal amount,
			String part, UUID adjustmentId, Instant now) {
		return this.stores.grants()
			.add(account,
					new GrantRequest(charge.asset(), amount, purpose, null, null, null, "refund:" + charge.id() + ":" + part),
					EntryType.ADJUSTMENT, adjustmentId.toString(), now);
	}

	/** The customer's entitlements and the units the charges' holds took, locked after the accounts. */
	private Entitlements entitlements(long customerId, List<UsageRecord> charges) {
		boolean anyUnits = charges.stream().anyMatch((charge) -> charge.entitledUnits().signum() > 0);
		if (!anyUnits) {
			return new Entitlements(List.of(), Map.of());
		}
		List<EntitlementState> states = this.stores.entitlements().lock(List.of(customerId)).getOrDefault(customerId,
				List.of());
		List<UUID> holds = charges.stream()
			.filter((charge) -> charge.entitledUnits().signum() > 0 && charge.holdId() != null)
			.map(UsageRecord::holdId)
			.toList();
		return new Entitlements(states, this.stores.entitlements().uses(holds));
	}

	private @Nullable ChargeRefunds replayedRefunds(OperatorAction action, String fingerprint) {
		ActionRow row = action(action.idempotencyKey(), fingerprint);
		if (row == null) {
			return null;
		}
		return new ChargeRefunds(this.jdbc.query(REFUNDS_OF_ACTION, REFUND, action.idempotencyKey()), List.of(), true);
	}

	@Override
	public Optional<ChargeRefund> refundOf(String usageEventId) {
		InvalidRequestException.requireText(usageEventId, "usageEventId", 128);
		return this.jdbc.query(REFUND_OF, REFUND, usageEventId).stream().findFirst();
	}

	@Override
	public List<String> refunded(List<String> usageEventIds) {
		return List.copyOf(refunded(usageEventIds, false));
	}

	private Set<String> refunded(List<String> usageEventIds, boolean checked) {
		Set<String> refunded = new TreeSet<>();
		if (usageEventIds.isEmpty()) {
			return refunded;
		}
		if (!checked && usageEventIds.size() > PageRequest.MAX_SIZE) {
			throw new InvalidRequestException("usageEventIds", "at most " + PageRequest.MAX_SIZE + " at once");
		}
		refunded.addAll(this.named.queryForList(REFUNDED, new MapSqlParameterSource("ids", usageEventIds), String.class));
		return refunded;
	}

	@Override
	public Page<ChargeRefund> chargeRefunds(String customer, PageRequest page) {
		Long customerId = knownCustomer(customer);
		if (customerId == null) {
			return new Page<>(List.of(), page.page(), page.size(), 0);
		}
		long total = Objects.requireNonNull(this.jdbc.queryForObject(COUNT_REFUNDS, Long.class, customerId));
		return new Page<>(this.jdbc.query(REFUNDS_OF_CUSTOMER, REFUND, customerId, page.offset(), page.size()),
				page.page(), page.size(), total);
	}

	private static final RowMapper<ChargeRefund> REFUND = (rs, row) -> new ChargeRefund(rs.getString("usage_event_id"),
			rs.getString("external_id"), rs.getString("product"), rs.getString("asset"), Rows.amount(rs, "fee"),
			new FeeSplit(Rows.amount(rs, "fee_promotional"), Rows.amount(rs, "fee_bundled"), Rows.amount(rs, "fee_paid"),
					Rows.amount(rs, "fee_unfunded")),
			Rows.amount(rs, "units"), Rows.amount(rs, "units_restored"), Rows.nullableUuid(rs, "adjustment_id"),
			rs.getString("actor"), rs.getString("reason"), Rows.instant(rs, "created_at"));

	// ------------------------------------------------------------------ gifts and corrections

	@Override
	public Adjustment gift(String customer, String asset, BigDecimal amount, @Nullable Instant expiresAt,
			OperatorAction action) {
		Objects.requireNonNull(action, "action");
		BigDecimal value = Money.positive(amount, "amount");
		Instant now = now();
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw new InvalidRequestException("expiresAt", "must be in the future");
		}
		AdjustmentRequest request = new AdjustmentRequest(asset, value, AdjustmentReason.GIFT, "gift",
				GrantPurpose.PROMOTIONAL, action.reason());
		return adjust(customer, "GIFT", request, (expiresAt != null) ? expiresAt.truncatedTo(ChronoUnit.MICROS) : null,
				action, now);
	}

	@Override
	public Adjustment correct(String customer, String asset, BigDecimal amount, OperatorAction action) {
		Objects.requireNonNull(action, "action");
		AdjustmentRequest request = new AdjustmentRequest(asset, amount, AdjustmentReason.CORRECTION, "correction",
				null, action.reason());
		return adjust(customer, "CORRECTION", request, null, action, now());
	}

	private Adjustment adjust(String customer, String kind, AdjustmentRequest request, @Nullable Instant expiresAt,
			OperatorAction action, Instant now) {
		BigDecimal amount = this.credits.validAdjustment(request);
		long customerId = existingCustomer(customer);
		String fingerprint = fingerprint(kind, customer, request.asset(), amount.stripTrailingZeros().toPlainString(),
				String.valueOf(expiresAt));
		UUID id = UUID.randomUUID();
		AdjustmentRequest referenced = new AdjustmentRequest(request.asset(), amount, request.reason(),
				kind.toLowerCase(java.util.Locale.ROOT) + ":" + id, request.purpose(), request.note());
		try {
			return this.transactions.run(() -> {
				Adjustment replay = replayedAdjustment(action, fingerprint, customer);
				if (replay != null) {
					return replay;
				}
				this.stores.accounts().createIfAbsent(customerId, request.asset(), now);
				Map<String, AccountStore.AccountRow> accounts = lockAccounts(customerId, now);
				insertAction(action, customerId, kind, fingerprint, id.toString(), now);
				Map<String, BigDecimal> before = available(accounts);
				List<LedgerEvent> events = new ArrayList<>();
				Adjustment adjustment = this.credits.applyAdjustment(
						Objects.requireNonNull(accounts.get(request.asset()), "account"), customer, referenced, id,
						expiresAt, action.operator(), false, now, events);
				commit(customer, customerId, before, events);
				return adjustment;
			});
		}
		catch (DuplicateKeyException ex) {
			Adjustment replay = this.transactions.run(() -> replayedAdjustment(action, fingerprint, customer));
			if (replay != null) {
				return replay;
			}
			throw ex;
		}
	}

	private @Nullable Adjustment replayedAdjustment(OperatorAction action, String fingerprint, String customer) {
		ActionRow row = action(action.idempotencyKey(), fingerprint);
		if (row == null) {
			return null;
		}
		return this.jdbc.queryForObject(ADJUSTMENT, EntryStore.adjustment(customer), UUID.fromString(
				Objects.requireNonNull(row.resultId, "the action's adjustment")));
	}

	// ------------------------------------------------------------------ top-ups

	@Override
	public TopUpRefund refundTopUp(String customer, String paymentId, @Nullable BigDecimal amount,
			boolean acceptOverdraft, OperatorAction action) {
		Objects.requireNonNull(action, "action");
		InvalidRequestException.requireText(paymentId, "paymentId", 255);
		BigDecimal asked = (amount != null) ? Money.positive(amount, "amount") : null;
		long customerId = existingCustomer(customer);
		PaymentRecord payment = paidTopUp(customer, paymentId);
		PaymentProvider refunder = refunder(payment);
		Asset currency = this.catalog.asset(payment.currency());
		if (asked != null && asked.stripTrailingZeros().scale() > currency.precision()) {
			throw new InvalidRequestException("amount",
					"has more than " + currency.precision() + " decimal places for " + currency.code());
		}
		String fingerprint = fingerprint("TOPUP_REFUND", customer, paymentId,
				(asked != null) ? asked.stripTrailingZeros().toPlainString() : "rest", Boolean.toString(acceptOverdraft));
		Instant now = now();
		TopUpRefund refund;
		try {
			refund = this.transactions.run(() -> {
				TopUpRefund replay = replayedTopUpRefund(action, fingerprint);
				if (replay != null) {
					return replay;
				}
				return debitForRefund(customer, customerId, payment, asked, acceptOverdraft, action, fingerprint, now);
			});
		}
		catch (DuplicateKeyException ex) {
			TopUpRefund replay = this.transactions.run(() -> replayedTopUpRefund(action, fingerprint));
			if (replay == null) {
				throw ex;
			}
			refund = replay;
		}
		if (refund.status() != TopUpRefund.Status.PENDING) {
			return refund;
		}
		// outside any transaction: a provider that fails to answer leaves the refund pending, and the
		// same action sent again asks again with the same idempotency key
		RefundOutcome outcome = refunder.refund(new RefundRequest(customer,
				Objects.requireNonNull(payment.paymentReference()), refund.amount(), refund.currency(),
				"credyt-refund-" + refund.id()));
		return settle(refund, customerId, outcome, refunder.name());
	}

	private TopUpRefund debitForRefund(String customer, long customerId, PaymentRecord payment,
			@Nullable BigDecimal asked, boolean acceptOverdraft, OperatorAction action, String fingerprint,
			Instant now) {
		String asset = topUpAsset(customer, payment);
		Map<String, AccountStore.AccountRow> accounts = lockAccounts(customerId, now);
		AccountStore.AccountRow account = accounts.get(asset);
		if (account == null) {
			throw new UnknownPaymentException(customer, payment.id());
		}
		BigDecimal left = payment.amount()
			.subtract(Objects.requireNonNull(this.jdbc.queryForObject(REFUNDED_OF_PAYMENT, BigDecimal.class, payment.id())));
		if (left.signum() <= 0) {
			throw new InvalidRequestException("amount", "nothing is left to refund of this top-up");
		}
		BigDecimal amount = (asked != null) ? asked : left;
		if (amount.compareTo(left) > 0) {
			throw new InvalidRequestException("amount", "is more than the " + left.stripTrailingZeros().toPlainString()
					+ " " + payment.currency() + " left to refund of this top-up");
		}
		BigDecimal debit = Money.convert(amount, this.catalog.asset(payment.currency()), this.catalog.asset(asset))
			.converted();
		BigDecimal limit = account.overdraftLimit;
		if (account.spendable().compareTo(debit) < 0) {
			if (!acceptOverdraft) {
				throw new InsufficientBalanceException(customer, AdjustmentReason.TOPUP_REFUND.name(), asset, debit,
						account.spendable());
			}
			limit = debit.subtract(account.posted.subtract(account.held));
			this.stores.accounts().overdraftLimit(customerId, asset, limit);
		}
		UUID id = UUID.randomUUID();
		insertAction(action, customerId, "TOPUP_REFUND", fingerprint, id.toString(), now);
		Map<String, BigDecimal> before = available(accounts);
		List<LedgerEvent> events = new ArrayList<>();
		this.credits.applyAdjustment(account, customer,
				new AdjustmentRequest(asset, debit.negate(), AdjustmentReason.TOPUP_REFUND, payment.id(), GrantPurpose.PAID,
						action.reason()),
				UUID.randomUUID(), null, action.operator(), true, now, events);
		this.jdbc.update(INSERT_TOP_UP_REFUND, id, action.idempotencyKey(), payment.id(), customerId, amount,
				payment.currency(), asset, debit, limit, time(now), time(now));
		commit(customer, customerId, before, events);
		return new TopUpRefund(id, customer, payment.id(), amount, payment.currency(), asset, debit, limit,
				TopUpRefund.Status.PENDING, null, null, action.operator(), action.reason(), now, false);
	}

	private TopUpRefund settle(TopUpRefund refund, long customerId, RefundOutcome outcome, String providerName) {
		Instant now = now();
		boolean succeeded = outcome.status() != PaymentStatus.FAILED;
		String failure = succeeded ? null
				: PaymentRecord.keptFailureReason(
						(outcome.failureReason() != null) ? outcome.failureReason() : "The payment provider refused the refund.");
		return this.transactions.run(() -> {
			Map<String, AccountStore.AccountRow> accounts = lockAccounts(customerId, now);
			int settled = this.jdbc.update(SETTLE_TOP_UP_REFUND,
					succeeded ? TopUpRefund.Status.SUCCEEDED.name() : TopUpRefund.Status.FAILED.name(),
					outcome.refundReference(), failure, time(now), refund.id());
			if (settled == 1 && !succeeded) {
				Map<String, BigDecimal> before = available(accounts);
				List<LedgerEvent> events = new ArrayList<>();
				this.credits.applyAdjustment(Objects.requireNonNull(accounts.get(refund.asset()), "account"),
						refund.customer(),
						new AdjustmentRequest(refund.asset(), refund.debited(), AdjustmentReason.CORRECTION,
								"refund:" + refund.id(), GrantPurpose.PAID,
								"The refund was refused by " + providerName + ": " + failure),
						UUID.randomUUID(), null, refund.operator(), false, now, events);
				commit(refund.customer(), customerId, before, events);
			}
			return topUpRefund(refund.id(), false);
		});
	}

	private @Nullable TopUpRefund replayedTopUpRefund(OperatorAction action, String fingerprint) {
		ActionRow row = action(action.idempotencyKey(), fingerprint);
		if (row == null) {
			return null;
		}
		return topUpRefund(UUID.fromString(Objects.requireNonNull(row.resultId, "the action's refund")), true);
	}

	private TopUpRefund topUpRefund(UUID id, boolean replayed) {
		return Objects.requireNonNull(this.jdbc.queryForObject(TOP_UP_REFUND, topUpRefundMapper(replayed), id));
	}

	private static RowMapper<TopUpRefund> topUpRefundMapper(boolean replayed) {
		return (rs, row) -> new TopUpRefund(Rows.uuid(rs, "id"), rs.getString("external_id"), rs.getString("payment_id"),
				Rows.amount(rs, "amount"), rs.getString("currency"), rs.getString("asset"), Rows.amount(rs, "debited"),
				Rows.amount(rs, "overdraft_limit"), TopUpRefund.Status.valueOf(rs.getString("status")),
				rs.getString("provider_reference"), rs.getString("failure_reason"), rs.getString("actor"),
				rs.getString("reason"), Rows.instant(rs, "created_at"), replayed);
	}

	@Override
	public Page<TopUpRefund> topUpRefunds(String customer, PageRequest page) {
		Long customerId = knownCustomer(customer);
		if (customerId == null) {
			return new Page<>(List.of(), page.page(), page.size(), 0);
		}
		long total = Objects.requireNonNull(this.jdbc.queryForObject(COUNT_TOP_UP_REFUNDS, Long.class, customerId));
		return new Page<>(
				this.jdbc.query(TOP_UP_REFUNDS_OF_CUSTOMER, topUpRefundMapper(false), customerId, page.offset(), page.size()),
				page.page(), page.size(), total);
	}

	@Override
	public BigDecimal refundable(String customer, String paymentId) {
		InvalidRequestException.requireText(paymentId, "paymentId", 255);
		existingCustomer(customer);
		PaymentRecord payment = paidTopUp(customer, paymentId);
		BigDecimal refunded = Objects
			.requireNonNull(this.jdbc.queryForObject(REFUNDED_OF_PAYMENT, BigDecimal.class, payment.id()));
		return payment.amount().subtract(refunded).max(Money.zero());
	}

	private PaymentRecord paidTopUp(String customer, String paymentId) {
		return this.payments.find(paymentId)
			.filter((payment) -> payment.customer().equals(customer) && payment.status() == PaymentStatus.SUCCEEDED
					&& payment.paymentReference() != null)
			.orElseThrow(() -> new UnknownPaymentException(customer, paymentId));
	}

	private PaymentProvider refunder(PaymentRecord payment) {
		if (this.provider == null) {
			throw new InvalidRequestException("paymentId", "top-ups cannot be refunded: no payment provider is configured");
		}
		if (!this.provider.name().equals(payment.provider())) {
			throw new InvalidRequestException("paymentId", "was paid through '" + payment.provider()
					+ "', and the payment provider configured now is '" + this.provider.name() + "'");
		}
		return this.provider;
	}

	/** The asset the top-up credited: the grant its payment reference names. */
	private String topUpAsset(String customer, PaymentRecord payment) {
		List<String> assets = this.jdbc.queryForList(
				"SELECT g.asset FROM credyt_grant g JOIN credyt_customer c ON c.id = g.customer_id"
						+ " WHERE c.external_id = ? AND g.reference = ?",
				String.class, customer, payment.paymentReference());
		if (assets.isEmpty()) {
			throw new UnknownPaymentException(customer, payment.id());
		}
		return assets.get(0);
	}

	// ------------------------------------------------------------------ shared

	/** Locks every account of the customer in asset order and applies their due grant changes. */
	private Map<String, AccountStore.AccountRow> lockAccounts(long customerId, Instant now) {
		Map<String, AccountStore.AccountRow> accounts = new LinkedHashMap<>();
		for (AccountStore.AccountRow account : this.jdbc.query(LOCK_ACCOUNTS, AccountStore.ACCOUNT, customerId)) {
			this.stores.grants().applyDueChanges(account, now);
			accounts.put(account.asset, account);
		}
		return accounts;
	}

	private static Map<String, BigDecimal> available(Map<String, AccountStore.AccountRow> accounts) {
		Map<String, BigDecimal> available = new HashMap<>();
		accounts.forEach((asset, account) -> available.put(asset, account.posted.subtract(account.held)));
		return available;
	}

	/** Adds a balance event per account that moved, and tells the listeners before the commit. */
	private void commit(String customer, long customerId, Map<String, BigDecimal> before, List<LedgerEvent> events) {
		for (Map.Entry<String, BigDecimal> account : before.entrySet()) {
			AccountStore.AccountRow after = Objects
				.requireNonNull(this.stores.accounts().read(customerId, account.getKey()));
			BigDecimal available = after.posted.subtract(after.held);
			if (available.compareTo(account.getValue()) != 0) {
				events.add(new LedgerEvent.BalanceChanged(customer, account.getKey(), account.getValue(), available));
			}
		}
		if (!events.isEmpty()) {
			this.listener.committing(events);
		}
	}

	private long existingCustomer(String customer) {
		Long id = knownCustomer(customer);
		if (id == null) {
			throw new UnknownCustomerException(customer);
		}
		return id;
	}

	private @Nullable Long knownCustomer(String customer) {
		CustomerStore.validCustomer(customer);
		return this.stores.customers().existingId(customer);
	}

	/** The action stored under the key, if any; one with another fingerprint is a conflict. */
	private @Nullable ActionRow action(String key, String fingerprint) {
		List<ActionRow> found = this.jdbc.query(ACTION,
				(rs, row) -> new ActionRow(rs.getString("fingerprint"), rs.getString("result_id")), key);
		if (found.isEmpty()) {
			return null;
		}
		if (!found.get(0).fingerprint.equals(fingerprint)) {
			throw new ActionConflictException(key);
		}
		return found.get(0);
	}

	private void insertAction(OperatorAction action, long customerId, String kind, String fingerprint,
			@Nullable String resultId, Instant now) {
		this.jdbc.update(INSERT_ACTION, action.idempotencyKey(), customerId, kind, fingerprint, action.operator(),
				action.reason(), resultId, time(now));
	}

	private static String fingerprint(String... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String part : parts) {
				digest.update(part.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing", ex);
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private record ActionRow(String fingerprint, @Nullable String resultId) {
	}

	/** The customer's entitlements under their lock, and the units each charge's hold took. */
	private record Entitlements(List<EntitlementState> states, Map<UUID, List<EntitlementUse>> usesByHold) {

		List<EntitlementUse> uses(@Nullable UUID holdId) {
			return (holdId != null) ? this.usesByHold.getOrDefault(holdId, List.of()) : List.of();
		}

		void write(EntitlementStore store) {
			List<EntitlementState> changed = this.states.stream().filter(EntitlementState::changed).toList();
			List<EntitlementUse> uses = this.usesByHold.values()
				.stream()
				.flatMap(List::stream)
				.filter(EntitlementUse::changed)
				.toList();
			if (!changed.isEmpty() || !uses.isEmpty()) {
				if (!store.write(changed, uses)) {
					throw new IllegalStateException("An entitlement locked by this refund changed");
				}
			}
		}

	}

}

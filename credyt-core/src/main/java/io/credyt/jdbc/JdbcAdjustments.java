package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import io.credyt.adjust.Adjustments;
import io.credyt.adjust.ChargeAlreadyRefundedException;
import io.credyt.adjust.ChargeRefund;
import io.credyt.adjust.ChargeRefunds;
import io.credyt.adjust.OperatorAction;
import io.credyt.adjust.TopUpRefund;
import io.credyt.adjust.UnknownChargeException;
import io.credyt.catalog.Catalog;
import io.credyt.engine.EntitlementState;
import io.credyt.engine.EntitlementUse;
import io.credyt.engine.Planner;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Money;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStore;
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
 * Top-up refunds go through the payment provider in three steps ({@link TopUpRefunder}); what all
 * actions share (the locks, the action rows, the events) is {@link OperatorActions}.
 */
public final class JdbcAdjustments implements Adjustments {

	private static final String CHARGE = "SELECT u.*, c.external_id FROM credyt_usage_event u"
			+ " JOIN credyt_customer c ON c.id = u.customer_id WHERE u.id = ? AND u.customer_id = ?";

	private static final String LAST_CHARGES = "SELECT u.*, c.external_id FROM credyt_usage_event u"
			+ " JOIN credyt_customer c ON c.id = u.customer_id WHERE u.customer_id = ?"
			+ " ORDER BY u.recorded_at DESC, u.id DESC FETCH FIRST ? ROWS ONLY";

	private static final String REFUNDED = "SELECT usage_event_id FROM credyt_refund WHERE usage_event_id IN (:ids)";

	private static final String INSERT_REFUND = "INSERT INTO credyt_refund (usage_event_id, customer_id, action_key,"
			+ " asset, fee, fee_promotional, fee_bundled, fee_paid, fee_unfunded, units, units_restored, adjustment_id,"
			+ " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String REFUND_JOINS = " FROM credyt_refund r JOIN credyt_usage_event u ON u.id = r.usage_event_id"
			+ " JOIN credyt_customer c ON c.id = r.customer_id JOIN credyt_action a ON a.idempotency_key = r.action_key";

	private static final String REFUNDS = "SELECT r.*, u.product, c.external_id, a.actor, a.reason" + REFUND_JOINS;

	private static final String REFUND_OF = REFUNDS + " WHERE r.usage_event_id = ?";

	private static final String REFUNDS_OF_ACTION = REFUNDS + " WHERE r.action_key = ? ORDER BY u.recorded_at DESC, u.id DESC";

	private static final String REFUNDS_OF_CUSTOMER = REFUNDS
			+ " WHERE r.customer_id = ? ORDER BY r.created_at DESC, r.usage_event_id DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";

	private static final String COUNT_REFUNDS = "SELECT COUNT(*) FROM credyt_refund WHERE customer_id = ?";

	private static final String ADJUSTMENT = "SELECT * FROM credyt_adjustment WHERE id = ?";

	private static final RowMapper<ChargeRefund> REFUND = (rs, row) -> new ChargeRefund(rs.getString("usage_event_id"),
			rs.getString("external_id"), rs.getString("product"), rs.getString("asset"), Rows.amount(rs, "fee"),
			new FeeSplit(Rows.amount(rs, "fee_promotional"), Rows.amount(rs, "fee_bundled"), Rows.amount(rs, "fee_paid"),
					Rows.amount(rs, "fee_unfunded")),
			Rows.amount(rs, "units"), Rows.amount(rs, "units_restored"), Rows.nullableUuid(rs, "adjustment_id"),
			rs.getString("actor"), rs.getString("reason"), Rows.instant(rs, "created_at"));

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final Stores stores;

	private final OperatorActions actions;

	private final TopUpRefunder topUps;

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
		RetryingTransactions transactions = new RetryingTransactions(transactionManager, options.maxRetries());
		this.stores = Stores.create(this.jdbc, this.named, Dialect.of(dataSource).statements(), transactions, options);
		this.actions = new OperatorActions(this.jdbc, this.stores, transactions,
				new CreditOperations(this.stores, transactions, catalog, listener), listener, clock);
		this.topUps = new TopUpRefunder(this.actions, catalog, payments, provider);
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
		long customerId = this.actions.existingCustomer(customer);
		String kind = (usageEventId != null) ? "REFUND_CHARGE" : "REFUND_LAST_CHARGES";
		String fingerprint = OperatorActions.fingerprint(kind, customer, (usageEventId != null) ? usageEventId : Integer.toString(count));
		Instant now = this.actions.now();
		try {
			return this.actions.transactions.run(() -> {
				ChargeRefunds replay = replayedRefunds(action, fingerprint);
				if (replay != null) {
					return replay;
				}
				Map<String, AccountStore.AccountRow> accounts = this.actions.lockAccounts(customerId, now);
				List<UsageRecord> charges = (usageEventId != null) ? charge(customer, customerId, usageEventId)
						: this.jdbc.query(LAST_CHARGES, Rows.USAGE, customerId, count);
				Set<String> refunded = refunded(charges.stream().map(UsageRecord::id).toList(), true);
				if (usageEventId != null && !refunded.isEmpty()) {
					throw new ChargeAlreadyRefundedException(usageEventId);
				}
				this.actions.insert(action, customerId, kind, fingerprint, null, now);
				List<LedgerEvent> events = new ArrayList<>();
				Map<String, BigDecimal> before = OperatorActions.available(accounts);
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
				this.actions.committing(customer, customerId, before, events);
				return new ChargeRefunds(refunds, skipped, false);
			});
		}
		catch (DuplicateKeyException ex) {
			// another transaction committed the same key, or refunded the same charge, while this one ran
			ChargeRefunds replay = this.actions.transactions.run(() -> replayedRefunds(action, fingerprint));
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
			UUID firstGrant = this.actions.credits.restore(account, charge.split(), "refund:" + charge.id(), adjustmentId,
					now);
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
		OperatorActions.ActionRow row = this.actions.action(action.idempotencyKey(), fingerprint);
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
		Long customerId = this.actions.knownCustomer(customer);
		if (customerId == null) {
			return new Page<>(List.of(), page.page(), page.size(), 0);
		}
		long total = Objects.requireNonNull(this.jdbc.queryForObject(COUNT_REFUNDS, Long.class, customerId));
		return new Page<>(this.jdbc.query(REFUNDS_OF_CUSTOMER, REFUND, customerId, page.offset(), page.size()),
				page.page(), page.size(), total);
	}


	// ------------------------------------------------------------------ gifts and corrections

	@Override
	public Adjustment gift(String customer, String asset, BigDecimal amount, @Nullable Instant expiresAt,
			OperatorAction action) {
		Objects.requireNonNull(action, "action");
		BigDecimal value = Money.positive(amount, "amount");
		Instant now = this.actions.now();
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
		return adjust(customer, "CORRECTION", request, null, action, this.actions.now());
	}

	private Adjustment adjust(String customer, String kind, AdjustmentRequest request, @Nullable Instant expiresAt,
			OperatorAction action, Instant now) {
		BigDecimal amount = this.actions.credits.validAdjustment(request);
		long customerId = this.actions.existingCustomer(customer);
		String fingerprint = OperatorActions.fingerprint(kind, customer, request.asset(), amount.stripTrailingZeros().toPlainString(),
				String.valueOf(expiresAt));
		UUID id = UUID.randomUUID();
		AdjustmentRequest referenced = new AdjustmentRequest(request.asset(), amount, request.reason(),
				kind.toLowerCase(java.util.Locale.ROOT) + ":" + id, request.purpose(), request.note());
		try {
			return this.actions.transactions.run(() -> {
				Adjustment replay = replayedAdjustment(action, fingerprint, customer);
				if (replay != null) {
					return replay;
				}
				this.stores.accounts().createIfAbsent(customerId, request.asset(), now);
				Map<String, AccountStore.AccountRow> accounts = this.actions.lockAccounts(customerId, now);
				this.actions.insert(action, customerId, kind, fingerprint, id.toString(), now);
				Map<String, BigDecimal> before = OperatorActions.available(accounts);
				List<LedgerEvent> events = new ArrayList<>();
				Adjustment adjustment = this.actions.credits.applyAdjustment(
						Objects.requireNonNull(accounts.get(request.asset()), "account"), customer, referenced, id,
						expiresAt, action.operator(), false, now, events);
				this.actions.committing(customer, customerId, before, events);
				return adjustment;
			});
		}
		catch (DuplicateKeyException ex) {
			Adjustment replay = this.actions.transactions.run(() -> replayedAdjustment(action, fingerprint, customer));
			if (replay != null) {
				return replay;
			}
			throw ex;
		}
	}

	private @Nullable Adjustment replayedAdjustment(OperatorAction action, String fingerprint, String customer) {
		OperatorActions.ActionRow row = this.actions.action(action.idempotencyKey(), fingerprint);
		if (row == null) {
			return null;
		}
		return this.jdbc.queryForObject(ADJUSTMENT, EntryStore.adjustment(customer), UUID.fromString(
				Objects.requireNonNull(row.resultId(), "the action's adjustment")));
	}

	// ------------------------------------------------------------------ top-ups

	@Override
	public TopUpRefund refundTopUp(String customer, String paymentId, @Nullable BigDecimal amount,
			boolean acceptOverdraft, OperatorAction action) {
		return this.topUps.refund(customer, paymentId, amount, acceptOverdraft, action);
	}

	@Override
	public Page<TopUpRefund> topUpRefunds(String customer, PageRequest page) {
		return this.topUps.refunds(customer, page);
	}

	@Override
	public BigDecimal refundable(String customer, String paymentId) {
		return this.topUps.refundable(customer, paymentId);
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

package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;

import io.credyt.InvalidRequestException;
import io.credyt.adjust.OperatorAction;
import io.credyt.adjust.TopUpRefund;
import io.credyt.adjust.UnknownPaymentException;
import io.credyt.catalog.Catalog;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.AdjustmentRequest;
import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.money.Asset;
import io.credyt.money.Money;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.RefundOutcome;
import io.credyt.payment.RefundRequest;

import static io.credyt.jdbc.Rows.time;

/**
 * Top-up refunds, in three steps so that money never goes back to a card while the wallet keeps
 * it: the wallet is debited and the refund recorded as pending (with the kinds of value taken);
 * the provider is asked, outside any transaction, with the refund's id as its idempotency key;
 * the refund is settled as succeeded, or as failed with the same kinds of value given back and an
 * overdraft limit the refund raised lowered again. A refund left pending (the process died, the
 * provider did not answer) resumes when the same action is sent again.
 */
final class TopUpRefunder {

	private static final String REFUNDED_OF_PAYMENT = "SELECT COALESCE(SUM(amount), 0) FROM credyt_payment_refund"
			+ " WHERE payment_id = ? AND status <> 'FAILED'";

	private static final String INSERT = "INSERT INTO credyt_payment_refund (id, action_key, payment_id, customer_id,"
			+ " amount, currency, asset, debited, taken_promotional, taken_bundled, taken_paid, taken_unfunded,"
			+ " overdraft_limit_before, overdraft_limit, status, created_at, updated_at)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)";

	private static final String SETTLE = "UPDATE credyt_payment_refund SET status = ?, provider_reference = ?,"
			+ " failure_reason = ?, updated_at = ? WHERE id = ? AND status = 'PENDING'";

	private static final String TAKEN = "SELECT taken_promotional, taken_bundled, taken_paid, taken_unfunded,"
			+ " overdraft_limit_before FROM credyt_payment_refund WHERE id = ?";

	private static final String JOINS = " FROM credyt_payment_refund p JOIN credyt_customer c ON c.id = p.customer_id"
			+ " JOIN credyt_action a ON a.idempotency_key = p.action_key";

	private static final String BY_ID = "SELECT p.*, c.external_id, a.actor, a.reason" + JOINS + " WHERE p.id = ?";

	private static final String OF_CUSTOMER = "SELECT p.*, c.external_id, a.actor, a.reason" + JOINS
			+ " WHERE p.customer_id = ? ORDER BY p.created_at DESC, p.id DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";

	private static final String COUNT_OF_CUSTOMER = "SELECT COUNT(*) FROM credyt_payment_refund WHERE customer_id = ?";

	private static final String ASSET = "SELECT g.asset FROM credyt_grant g WHERE g.customer_id = ? AND g.reference = ?";

	private final OperatorActions actions;

	private final Catalog catalog;

	private final PaymentStore payments;

	private final @Nullable PaymentProvider provider;

	TopUpRefunder(OperatorActions actions, Catalog catalog, PaymentStore payments, @Nullable PaymentProvider provider) {
		this.actions = actions;
		this.catalog = catalog;
		this.payments = Objects.requireNonNull(payments, "payments");
		this.provider = provider;
	}

	TopUpRefund refund(String customer, String paymentId, @Nullable BigDecimal amount, boolean acceptOverdraft,
			OperatorAction action) {
		Objects.requireNonNull(action, "action");
		InvalidRequestException.requireText(paymentId, "paymentId", 255);
		BigDecimal asked = (amount != null) ? Money.positive(amount, "amount") : null;
		long customerId = this.actions.existingCustomer(customer);
		PaymentRecord payment = paidTopUp(customer, paymentId);
		PaymentProvider refunder = refunder(payment);
		Asset currency = this.catalog.asset(payment.currency());
		if (asked != null && asked.stripTrailingZeros().scale() > currency.precision()) {
			throw new InvalidRequestException("amount",
					"has more than " + currency.precision() + " decimal places for " + currency.code());
		}
		String fingerprint = OperatorActions.fingerprint("TOPUP_REFUND", customer, paymentId,
				(asked != null) ? asked.stripTrailingZeros().toPlainString() : "rest", Boolean.toString(acceptOverdraft));
		Instant now = this.actions.now();
		TopUpRefund refund;
		try {
			refund = this.actions.transactions.run(() -> {
				TopUpRefund replay = replayed(action, fingerprint);
				return (replay != null) ? replay
						: debit(customer, customerId, payment, asked, acceptOverdraft, action, fingerprint, now);
			});
		}
		catch (DuplicateKeyException ex) {
			TopUpRefund replay = this.actions.transactions.run(() -> replayed(action, fingerprint));
			if (replay == null) {
				throw ex;
			}
			refund = replay;
		}
		if (refund.status() != TopUpRefund.Status.PENDING) {
			return refund;
		}
		// outside any transaction: a provider that does not answer leaves the refund pending, and the
		// same action sent again asks again with the same idempotency key
		RefundOutcome outcome = refunder.refund(new RefundRequest(customer,
				Objects.requireNonNull(payment.paymentReference()), refund.amount(), refund.currency(),
				"credyt-refund-" + refund.id()));
		return settle(refund, customerId, outcome, refunder.name());
	}

	private TopUpRefund debit(String customer, long customerId, PaymentRecord payment, @Nullable BigDecimal asked,
			boolean acceptOverdraft, OperatorAction action, String fingerprint, Instant now) {
		List<String> assets = this.actions.jdbc.queryForList(ASSET, String.class, customerId, payment.paymentReference());
		Map<String, AccountStore.AccountRow> accounts = this.actions.lockAccounts(customerId, now);
		AccountStore.AccountRow account = assets.isEmpty() ? null : accounts.get(assets.get(0));
		if (account == null) {
			throw new UnknownPaymentException(customer, payment.id());
		}
		BigDecimal left = payment.amount().subtract(refunded(payment.id()));
		if (left.signum() <= 0) {
			throw new InvalidRequestException("amount", "nothing is left to refund of this top-up");
		}
		BigDecimal amount = (asked != null) ? asked : left;
		if (amount.compareTo(left) > 0) {
			throw new InvalidRequestException("amount", "is more than the " + left.stripTrailingZeros().toPlainString()
					+ " " + payment.currency() + " left to refund of this top-up");
		}
		BigDecimal debit = Money.convert(amount, this.catalog.asset(payment.currency()), this.catalog.asset(account.asset))
			.converted();
		BigDecimal limit = account.overdraftLimit;
		if (account.spendable().compareTo(debit) < 0) {
			if (!acceptOverdraft) {
				throw new InsufficientBalanceException(customer, AdjustmentReason.TOPUP_REFUND.name(), account.asset, debit,
						account.spendable());
			}
			limit = debit.subtract(account.posted.subtract(account.held));
			this.actions.stores.accounts().overdraftLimit(customerId, account.asset, limit);
		}
		UUID id = UUID.randomUUID();
		this.actions.insert(action, customerId, "TOPUP_REFUND", fingerprint, id.toString(), now);
		Map<String, BigDecimal> before = OperatorActions.available(accounts);
		List<LedgerEvent> events = new ArrayList<>();
		FeeSplit[] taken = new FeeSplit[1];
		this.actions.credits.applyAdjustment(account, customer,
				new AdjustmentRequest(account.asset, debit.negate(), AdjustmentReason.TOPUP_REFUND, payment.id(),
						GrantPurpose.PAID, action.reason()),
				UUID.randomUUID(), null, action.operator(), true, now, events, (split) -> taken[0] = split);
		FeeSplit split = Objects.requireNonNull(taken[0], "what the refund took");
		this.actions.jdbc.update(INSERT, id, action.idempotencyKey(), payment.id(), customerId, amount,
				payment.currency(), account.asset, debit, split.promotional(), split.bundled(), split.paid(),
				split.unfunded(), account.overdraftLimit, limit, time(now), time(now));
		this.actions.committing(customer, customerId, before, events);
		return new TopUpRefund(id, customer, payment.id(), amount, payment.currency(), account.asset, debit, limit,
				TopUpRefund.Status.PENDING, null, null, action.operator(), action.reason(), now, false);
	}

	private TopUpRefund settle(TopUpRefund refund, long customerId, RefundOutcome outcome, String providerName) {
		Instant now = this.actions.now();
		boolean succeeded = outcome.status() != PaymentStatus.FAILED;
		String failure = succeeded ? null : PaymentRecord.keptFailureReason(
				(outcome.failureReason() != null) ? outcome.failureReason() : "The payment provider refused the refund.");
		return this.actions.transactions.run(() -> {
			Map<String, AccountStore.AccountRow> accounts = this.actions.lockAccounts(customerId, now);
			int settled = this.actions.jdbc.update(SETTLE,
					succeeded ? TopUpRefund.Status.SUCCEEDED.name() : TopUpRefund.Status.FAILED.name(),
					outcome.refundReference(), failure, time(now), refund.id());
			if (settled == 1 && !succeeded) {
				giveBack(refund, customerId, accounts, "The refund was refused by " + providerName + ": " + failure, now);
			}
			return byId(refund.id(), false);
		});
	}

	/** A refused refund's value back to the wallet as the kinds it was taken as, and the overdraft limit as it was. */
	private void giveBack(TopUpRefund refund, long customerId, Map<String, AccountStore.AccountRow> accounts,
			String note, Instant now) {
		Map<String, Object> taken = this.actions.jdbc.queryForMap(TAKEN, refund.id());
		FeeSplit split = new FeeSplit((BigDecimal) taken.get("taken_promotional"),
				(BigDecimal) taken.get("taken_bundled"), (BigDecimal) taken.get("taken_paid"),
				(BigDecimal) taken.get("taken_unfunded"));
		AccountStore.AccountRow account = Objects.requireNonNull(accounts.get(refund.asset()), "account");
		Map<String, BigDecimal> before = OperatorActions.available(accounts);
		UUID adjustmentId = UUID.randomUUID();
		UUID grant = this.actions.credits.restore(account, split, "refund:" + refund.id(), adjustmentId, now);
		io.credyt.ledger.Adjustment adjustment = new io.credyt.ledger.Adjustment(adjustmentId, refund.customer(),
				refund.asset(), refund.debited(), AdjustmentReason.CORRECTION, "refund:" + refund.id(), note, grant, now,
				refund.operator());
		this.actions.stores.entries().adjustment(adjustment, customerId);
		BigDecimal limitBefore = (BigDecimal) taken.get("overdraft_limit_before");
		if (limitBefore.compareTo(account.overdraftLimit) < 0) {
			// refused (and so kept as it is) when the customer has spent into the raised limit meanwhile
			this.actions.stores.accounts().overdraftLimit(customerId, refund.asset(), limitBefore);
		}
		List<LedgerEvent> events = new ArrayList<>();
		events.add(new LedgerEvent.AdjustmentRecorded(adjustment));
		this.actions.committing(refund.customer(), customerId, before, events);
	}

	private @Nullable TopUpRefund replayed(OperatorAction action, String fingerprint) {
		OperatorActions.ActionRow row = this.actions.action(action.idempotencyKey(), fingerprint);
		if (row == null) {
			return null;
		}
		return byId(UUID.fromString(Objects.requireNonNull(row.resultId(), "the action's refund")), true);
	}

	private TopUpRefund byId(UUID id, boolean replayed) {
		return Objects.requireNonNull(this.actions.jdbc.queryForObject(BY_ID, mapper(replayed), id));
	}

	private static RowMapper<TopUpRefund> mapper(boolean replayed) {
		return (rs, row) -> new TopUpRefund(Rows.uuid(rs, "id"), rs.getString("external_id"), rs.getString("payment_id"),
				Rows.amount(rs, "amount"), rs.getString("currency"), rs.getString("asset"), Rows.amount(rs, "debited"),
				Rows.amount(rs, "overdraft_limit"), TopUpRefund.Status.valueOf(rs.getString("status")),
				rs.getString("provider_reference"), rs.getString("failure_reason"), rs.getString("actor"),
				rs.getString("reason"), Rows.instant(rs, "created_at"), replayed);
	}

	Page<TopUpRefund> refunds(String customer, PageRequest page) {
		Long customerId = this.actions.knownCustomer(customer);
		if (customerId == null) {
			return new Page<>(List.of(), page.page(), page.size(), 0);
		}
		long total = Objects
			.requireNonNull(this.actions.jdbc.queryForObject(COUNT_OF_CUSTOMER, Long.class, customerId));
		return new Page<>(this.actions.jdbc.query(OF_CUSTOMER, mapper(false), customerId, page.offset(), page.size()),
				page.page(), page.size(), total);
	}

	BigDecimal refundable(String customer, String paymentId) {
		InvalidRequestException.requireText(paymentId, "paymentId", 255);
		this.actions.existingCustomer(customer);
		PaymentRecord payment = paidTopUp(customer, paymentId);
		return payment.amount().subtract(refunded(payment.id())).max(Money.zero());
	}

	/** What refunds that did not fail took of a payment, in its currency. */
	private BigDecimal refunded(String paymentId) {
		return Objects.requireNonNull(this.actions.jdbc.queryForObject(REFUNDED_OF_PAYMENT, BigDecimal.class, paymentId));
	}

	private PaymentRecord paidTopUp(String customer, String paymentId) {
		return this.payments.find(paymentId)
			.filter((payment) -> payment.customer().equals(customer) && payment.status() == PaymentStatus.SUCCEEDED
					&& payment.paymentReference() != null && payment.kind() != io.credyt.payment.PaymentKind.SUBSCRIPTION)
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

}

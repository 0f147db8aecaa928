package io.credyt.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import io.credyt.catalog.Catalog;
import io.credyt.engine.AccountKey;
import io.credyt.engine.AccountState;
import io.credyt.engine.Command;
import io.credyt.engine.GrantLot;
import io.credyt.engine.Outcome;
import io.credyt.engine.Plan;
import io.credyt.engine.Planner;
import io.credyt.engine.Snapshot;
import io.credyt.ledger.Hold;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.transaction.RetryingTransactions;

/**
 * Carries out a batch of commands in one transaction: lock, read, plan, write, tell listeners,
 * commit. A batch locks its customers' accounts by key, then their entitlements; grants are
 * guarded by their account's lock, and the holds it ends are locked by the write that ends them
 * (a hold belongs to one account, whose lock the batch already holds), so batches on any
 * instances take their locks in one order and cannot deadlock one another.
 *
 * <p>
 * A batch is first planned confidently, assuming the usage event ids it bills are new and the
 * holds it ends are active; the store inserts the events only if absent and ends the holds only
 * if active, and when one was billed or ended meanwhile (a replay, a concurrent duplicate, a
 * release or the sweeper) the whole transaction rolls back and the batch is planned again
 * carefully, with its holds locked (after their accounts) and the billed ids read. The sweeper
 * plans carefully too, so every transaction locks an account before its holds. Every write that
 * moves value repeats its guard, so a plan can never overspend: a guard that fails rolls the batch
 * back.
 */
final class CommandExecutor {

	private final Stores stores;

	private final JdbcOperations jdbc;

	private final SqlStatements statements;

	private final RetryingTransactions transactions;

	/** The plan of each customer whose subscription is active. */
	private static final String ACTIVE_PLANS = "SELECT customer_id, plan FROM credyt_subscription"
			+ " WHERE customer_id IN (:customers) AND status = 'ACTIVE'";

	private final Planner planner;

	/** Whether prices depend on the customer's plan: only then are plans read. */
	private final boolean plansPrice;

	private final LedgerEventListener listener;

	private final Clock clock;

	CommandExecutor(Stores stores, JdbcOperations jdbc, SqlStatements statements, RetryingTransactions transactions,
			LedgerEventListener listener, Clock clock, Catalog catalog) {
		this.planner = new Planner(catalog::pricing);
		this.plansPrice = catalog.plansPrice();
		this.stores = stores;
		this.jdbc = jdbc;
		this.statements = statements;
		this.transactions = transactions;
		this.listener = listener;
		this.clock = clock;
	}

	/**
	 * Runs a batch in a transaction of its own (again when it lost a lock wait) and returns each
	 * command's outcome once it has committed.
	 */
	List<Outcome> execute(List<Command> commands) {
		try {
			return this.transactions.run(() -> apply(commands, false, now()).outcomes());
		}
		catch (StaleBatchException | DataIntegrityViolationException | TransientDataAccessException ex) {
			// a plan on a stale assumption (a hold ended meanwhile) can break a constraint before its
			// counts are checked, and a batch can keep losing lock waits it was retried for. Whatever
			// broke, nothing of it committed: plan again, carefully, with the holds it ends locked
			// (after their accounts) and the billed ids read
			return this.transactions.run(() -> apply(commands, true, now()).outcomes());
		}
	}

	/**
	 * Expires up to {@code limit} active holds whose time has passed, the longest expired first,
	 * in one transaction: any instance may sweep, each hold ends once.
	 * @return how many holds this call expired
	 */
	int expire(Instant now, int limit) {
		return this.transactions.run(() -> {
			List<Command.Release> expired = this.stores.holds().expired(now, limit);
			if (expired.isEmpty()) {
				return 0;
			}
			// planned carefully: the holds are locked after their accounts, as by every batch, and one
			// that a batch ended meanwhile is left alone
			int ended = 0;
			for (Outcome outcome : apply(List.copyOf(expired), true, now).outcomes()) {
				if (outcome instanceof Outcome.Ended) {
					ended++;
				}
			}
			return ended;
		});
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * Plans and writes a batch inside the caller's transaction.
	 * @param commands the commands
	 * @param careful whether to lock the holds it ends and read the billed event ids before planning
	 * @param now the batch's time
	 * @return the plan
	 * @throws StaleBatchException when a confident plan met a billed id (roll back and plan carefully)
	 */
	Plan apply(List<Command> commands, boolean careful, Instant now) {
		Set<UUID> ending = new TreeSet<>();
		Set<UUID> withUnits = new TreeSet<>();
		Set<Long> customers = new TreeSet<>();
		Set<Long> debited = new TreeSet<>();
		Set<String> eventIds = new LinkedHashSet<>();
		for (Command command : commands) {
			customers.add(command.customerId());
			Hold hold = held(command);
			if (hold != null) {
				ending.add(hold.id());
				if (hold.entitledUnits().signum() > 0) {
					withUnits.add(hold.id());
				}
			}
			if (command instanceof Command.Capture capture) {
				debited.add(command.customerId());
				eventIds.add(capture.eventId());
			}
			else if (command instanceof Command.Record record) {
				debited.add(command.customerId());
				eventIds.add(record.eventId());
			}
		}
		// the accounts' lock and, behind it in the same round trip, the debited accounts' grant lots
		AccountStore.Locked locked = AccountStore.Locked.empty();
		Map<AccountKey, List<GrantLot>> lots = new HashMap<>();
		List<SqlStatements.Query> reads = new ArrayList<>();
		reads.add(this.stores.accounts().lockCustomers(customers, locked));
		if (!debited.isEmpty()) {
			reads.add(this.stores.grants().lots(debited, lots));
		}
		// read behind the accounts' lock: a change of plan locks the accounts before it commits
		Map<Long, String> plans = new HashMap<>();
		if (this.plansPrice) {
			reads.add(SqlStatements.Query.of(ACTIVE_PLANS, new MapSqlParameterSource("customers", customers),
					(rs) -> plans.put(rs.getLong("customer_id"), rs.getString("plan"))));
		}
		this.statements.queryAll(this.jdbc, reads);
		// a confident batch assumes its holds active: the write that ends them is guarded by it, and a
		// hold that was not fails the batch. A careful batch locks the holds it ends, after their
		// accounts (every transaction locks an account before its holds), and plans from what it finds
		Map<UUID, Snapshot.HoldRow> holds = (careful && !ending.isEmpty()) ? this.stores.holds().lock(ending) : null;
		Set<Long> entitled = new TreeSet<>(locked.entitled());
		Map<AccountKey, AccountState> accounts = new HashMap<>();
		Set<Long> withAccounts = new TreeSet<>();
		boolean grantsChanged = false;
		for (AccountStore.AccountRow row : locked.rows().values()) {
			withAccounts.add(row.customerId);
			if (row.due(now)) {
				this.stores.grants().applyDueChanges(row, now);
				grantsChanged = true;
			}
		}
		if (grantsChanged) {
			// grants started or expired under the lock: the lots read beside it are out of date
			lots = this.stores.grants().lots(debited);
		}
		for (Command command : commands) {
			accounts.computeIfAbsent(command.account(),
					(key) -> this.stores.accounts().state(key, locked.rows().get(key)));
			if (!withAccounts.contains(command.customerId())) {
				entitled.add(command.customerId());
			}
			Hold hold = held(command);
			if (hold != null && hold.entitledUnits().signum() > 0) {
				entitled.add(command.customerId());
			}
		}
		Snapshot snapshot = new Snapshot(accounts, this.stores.entitlements().lock(entitled),
				this.stores.entitlements().uses(withUnits), lots,
				holds, careful ? this.stores.usage().fingerprints(eventIds) : null, plans);
		Plan plan = this.planner.plan(commands, snapshot, now);
		write(plan, now);
		if (!plan.events().isEmpty()) {
			this.listener.committing(plan.events());
		}
		return plan;
	}

	/**
	 * The plan's writes: missing accounts first (what follows references them), then the holds'
	 * ends, the usage events, the new holds, the balances, the grants and the entries together (on
	 * PostgreSQL one statement), then the entitlements (their uses reference the new holds).
	 */
	private void write(Plan plan, Instant now) {
		Stores stores = this.stores;
		if (!stores.accounts().create(plan.accountsToCreate(), now)) {
			throw new StaleBatchException();
		}
		List<AccountState> moves = plan.accountMoves();
		List<GrantLot> takes = plan.grantTakes();
		int[] changed = this.statements.apply(this.jdbc,
				List.of(stores.holds().end(plan.holdEnds()), stores.usage().insert(plan.usages()),
						stores.holds().insert(plan.holdInserts()), stores.accounts().move(moves),
						stores.grants().takes(takes), stores.entries().post(plan.postings(), now)));
		if (changed[1] != plan.usages().size()) {
			throw new StaleBatchException();
		}
		if (changed[0] != plan.holdEnds().size()) {
			throw new StaleBatchException();
		}
		if (changed[3] != moves.size()) {
			throw new IllegalStateException("An account locked by this batch failed its balance guard");
		}
		if (changed[4] != takes.size()) {
			throw new IllegalStateException("A grant changed under its account's lock");
		}
		if (!stores.entitlements().write(plan.entitlementChanges(), plan.useChanges())) {
			throw new IllegalStateException("An entitlement locked by this batch changed");
		}
	}

	private static @Nullable Hold held(Command command) {
		if (command instanceof Command.Capture capture) {
			return capture.hold();
		}
		if (command instanceof Command.Release release) {
			return release.hold();
		}
		return null;
	}

	/**
	 * A confident plan met a usage event id billed meanwhile, or a hold no longer active: roll
	 * back and plan carefully.
	 */
	static final class StaleBatchException extends RuntimeException {

		StaleBatchException() {
			super("A usage event id of the batch was billed, or one of its holds ended, meanwhile", null, false,
					false);
		}

	}

}

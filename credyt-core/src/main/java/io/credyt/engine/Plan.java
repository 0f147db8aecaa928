package io.credyt.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.ledger.EntryType;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.UsageRecord;

/**
 * A planned batch: each command's outcome, and the writes that carry out the successful ones.
 * The stores apply the writes in one transaction; every write that moves money is guarded again
 * in its own statement, so a plan made from a stale read can only fail, never overspend.
 */
public final class Plan {

	private final Snapshot snapshot;

	private final List<Outcome> outcomes = new ArrayList<>();

	private final List<HoldInsert> holdInserts = new ArrayList<>();

	private final List<HoldEnd> holdEnds = new ArrayList<>();

	private final List<UsageInsert> usages = new ArrayList<>();

	private final List<Posting> postings = new ArrayList<>();

	private final List<LedgerEvent> events = new ArrayList<>();

	Plan(Snapshot snapshot) {
		this.snapshot = snapshot;
	}

	/** Each command's outcome, in the order the commands were given. */
	public List<Outcome> outcomes() {
		return this.outcomes;
	}

	public List<HoldInsert> holdInserts() {
		return this.holdInserts;
	}

	public List<HoldEnd> holdEnds() {
		return this.holdEnds;
	}

	public List<UsageInsert> usages() {
		return this.usages;
	}

	public List<Posting> postings() {
		return this.postings;
	}

	/** The changes to hand to listeners inside the transaction. */
	public List<LedgerEvent> events() {
		return this.events;
	}

	/** Accounts that do not exist yet but that a successful command needs, in lock order. */
	public List<AccountState> accountsToCreate() {
		return this.snapshot.accounts.values()
			.stream()
			.filter((account) -> !account.stored() && account.used())
			.sorted(Comparator.comparing(AccountState::key))
			.toList();
	}

	/** Accounts whose balance moved, in lock order. */
	public List<AccountState> accountMoves() {
		return this.snapshot.accounts.values()
			.stream()
			.filter(AccountState::moved)
			.sorted(Comparator.comparing(AccountState::key))
			.toList();
	}

	/** Entitlements whose use or period changed, by id. */
	public List<EntitlementState> entitlementChanges() {
		return this.snapshot.entitlements.values()
			.stream()
			.flatMap(List::stream)
			.filter(EntitlementState::changed)
			.sorted(Comparator.comparing(EntitlementState::id))
			.toList();
	}

	/** Entitlement uses to insert ({@code stored} false) or update. */
	public List<EntitlementUse> useChanges() {
		return this.snapshot.uses.values().stream().flatMap(List::stream).filter(EntitlementUse::changed).toList();
	}

	/** Grant lots the batch takes value from, by id. */
	public List<GrantLot> grantTakes() {
		return this.snapshot.grants.values()
			.stream()
			.flatMap(List::stream)
			.filter((lot) -> lot.taken().signum() > 0)
			.sorted(Comparator.comparing(GrantLot::id))
			.toList();
	}

	/** A hold to insert. */
	public record HoldInsert(long customerId, Hold hold) {
	}

	/** A hold to end, guarded by its still being active. */
	public record HoldEnd(UUID holdId, HoldStatus status, Instant at, @Nullable String usageEventId) {
	}

	/** A usage event to insert, unless its id was billed meanwhile. */
	public record UsageInsert(long customerId, String fingerprint, UsageRecord usage) {
	}

	/** A ledger entry. */
	public record Posting(long customerId, String asset, BigDecimal amount, EntryType type, String reference) {
	}

}

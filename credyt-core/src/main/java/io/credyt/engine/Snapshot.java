package io.credyt.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.ledger.HoldStatus;

/**
 * What a batch's planning reads under its locks: the accounts, the customers' entitlements, the
 * holds' entitlement uses and the accounts' grant lots; in careful mode also the holds' statuses
 * and the usage event ids already billed (a confident batch assumes holds active and event ids
 * new, and the store's guarded writes find out when that was wrong).
 */
public final class Snapshot {

	final Map<AccountKey, AccountState> accounts;

	final Map<Long, List<EntitlementState>> entitlements;

	final Map<UUID, List<EntitlementUse>> uses;

	final Map<AccountKey, List<GrantLot>> grants;

	final @Nullable Map<UUID, HoldRow> holds;

	final @Nullable Map<String, String> billed;

	final Map<Long, String> plans;

	/**
	 * @param accounts every account the batch's commands work on (missing ones as not stored)
	 * @param entitlements each customer's usable entitlements, in the order they are used
	 * @param uses the entitlement units each hold of the batch took
	 * @param grants each debited account's lots with value left, in consumption order
	 * @param holds the current status of each hold the batch ends ({@code null}: assume active)
	 * @param billed the fingerprint of each event id already billed ({@code null}: assume none)
	 */
	public Snapshot(Map<AccountKey, AccountState> accounts, Map<Long, List<EntitlementState>> entitlements,
			Map<UUID, List<EntitlementUse>> uses, Map<AccountKey, List<GrantLot>> grants,
			@Nullable Map<UUID, HoldRow> holds, @Nullable Map<String, String> billed) {
		this(accounts, entitlements, uses, grants, holds, billed, Map.of());
	}

	/**
	 * @param accounts every account the batch's commands work on (missing ones as not stored)
	 * @param entitlements each customer's usable entitlements, in the order they are used
	 * @param uses the entitlement units each hold of the batch took
	 * @param grants each debited account's lots with value left, in consumption order
	 * @param holds the current status of each hold the batch ends ({@code null}: assume active)
	 * @param billed the fingerprint of each event id already billed ({@code null}: assume none)
	 * @param plans the plan code of each customer with an active subscription (others pay the
	 * products' own prices)
	 */
	public Snapshot(Map<AccountKey, AccountState> accounts, Map<Long, List<EntitlementState>> entitlements,
			Map<UUID, List<EntitlementUse>> uses, Map<AccountKey, List<GrantLot>> grants,
			@Nullable Map<UUID, HoldRow> holds, @Nullable Map<String, String> billed, Map<Long, String> plans) {
		this.plans = plans;
		this.accounts = accounts;
		this.entitlements = entitlements;
		this.uses = new HashMap<>(uses);
		this.grants = grants;
		this.holds = holds;
		this.billed = (billed != null) ? new HashMap<>(billed) : null;
	}

	public Map<AccountKey, AccountState> accounts() {
		return this.accounts;
	}

	public Map<Long, List<EntitlementState>> entitlements() {
		return this.entitlements;
	}

	public Map<UUID, List<EntitlementUse>> uses() {
		return this.uses;
	}

	public Map<AccountKey, List<GrantLot>> grants() {
		return this.grants;
	}

	/**
	 * A hold's mutable part as stored.
	 * @param status its status
	 * @param usageEventId the event it was captured as
	 */
	public record HoldRow(HoldStatus status, @Nullable String usageEventId) {
	}

}

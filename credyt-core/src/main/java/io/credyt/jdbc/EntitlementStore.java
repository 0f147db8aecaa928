package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

import io.credyt.engine.EntitlementState;
import io.credyt.engine.EntitlementUse;
import io.credyt.ledger.Entitlement;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.money.Money;

import static io.credyt.jdbc.Rows.time;

/**
 * Entitlements (allowances of product units) and the units each hold took from them. A batch
 * locks its customers' entitlements after their accounts and writes back what it used; a period
 * that has ended is rolled over when units are next taken.
 */
final class EntitlementStore {

	private static final String ORDER = " ORDER BY period_end NULLS LAST, expires_at NULLS LAST, created_at, id";

	private static final String LOCK = "SELECT * FROM credyt_entitlement WHERE customer_id IN (:customers)"
			+ " ORDER BY customer_id, period_end NULLS LAST, expires_at NULLS LAST, created_at, id FOR UPDATE";

	private static final String USES = "SELECT hold_id, entitlement_id, units, period_start FROM credyt_entitlement_use"
			+ " WHERE hold_id IN (:holds)";

	private static final String UPDATE = "UPDATE credyt_entitlement SET used = ?, period_start = ?, period_end = ?"
			+ " WHERE id = ? AND period_start = ?";

	private static final String INSERT_USE = "INSERT INTO credyt_entitlement_use (hold_id, entitlement_id, units,"
			+ " period_start) VALUES (?, ?, ?, ?)";

	private static final String UPDATE_USE = "UPDATE credyt_entitlement_use SET units = ? WHERE hold_id = ?"
			+ " AND entitlement_id = ?";

	private static final String INSERT = "INSERT INTO credyt_entitlement (id, customer_id, product, units, used, period,"
			+ " anchor_at, period_start, period_end, expires_at, reference, created_at)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String BY_ID = "SELECT * FROM credyt_entitlement WHERE id = ?";

	private static final String BY_REFERENCE = "SELECT * FROM credyt_entitlement WHERE customer_id = ? AND reference = ?";

	private static final String CURRENT = "SELECT * FROM credyt_entitlement WHERE customer_id = ? AND anchor_at <= ?"
			+ " AND (expires_at IS NULL OR expires_at > ?)" + ORDER;

	private final JdbcOperations jdbc;

	private final NamedParameterJdbcOperations named;

	EntitlementStore(JdbcOperations jdbc, NamedParameterJdbcOperations named) {
		this.jdbc = jdbc;
		this.named = named;
	}

	/** Locks the customers' entitlements; each customer's in the order units are taken. */
	Map<Long, List<EntitlementState>> lock(Collection<Long> customerIds) {
		Map<Long, List<EntitlementState>> states = new HashMap<>();
		if (customerIds.isEmpty()) {
			return states;
		}
		this.named.query(LOCK, new MapSqlParameterSource("customers", customerIds), (rs) -> {
			long customerId = rs.getLong("customer_id");
			states.computeIfAbsent(customerId, (id) -> new ArrayList<>())
				.add(new EntitlementState(Rows.uuid(rs, "id"), customerId, rs.getString("product"),
						Rows.amount(rs, "units"), Rows.amount(rs, "used"), EntitlementPeriod.valueOf(rs.getString("period")),
						Rows.instant(rs, "anchor_at"), Rows.instant(rs, "period_start"),
						Rows.nullableInstant(rs, "period_end"), Rows.nullableInstant(rs, "expires_at")));
		});
		return states;
	}

	/** The units each hold took, by hold. */
	Map<UUID, List<EntitlementUse>> uses(Collection<UUID> holdIds) {
		Map<UUID, List<EntitlementUse>> uses = new HashMap<>();
		if (holdIds.isEmpty()) {
			return uses;
		}
		this.named.query(USES, new MapSqlParameterSource("holds", holdIds), (rs) -> {
			UUID holdId = Rows.uuid(rs, "hold_id");
			uses.computeIfAbsent(holdId, (id) -> new ArrayList<>())
				.add(new EntitlementUse(holdId, Rows.uuid(rs, "entitlement_id"), Rows.amount(rs, "units"),
						Rows.instant(rs, "period_start"), true));
		});
		return uses;
	}

	/** Writes what a batch changed; false if an entitlement moved on meanwhile (it cannot, under the lock). */
	boolean write(List<EntitlementState> entitlements, List<EntitlementUse> uses) {
		if (!entitlements.isEmpty()) {
			List<Object[]> rows = new ArrayList<>();
			for (EntitlementState entitlement : entitlements) {
				rows.add(new Object[] { entitlement.used(), time(entitlement.periodStart()), time(entitlement.periodEnd()),
						entitlement.id(), time(entitlement.storedPeriodStart()) });
			}
			for (int count : this.jdbc.batchUpdate(UPDATE, rows)) {
				if (count != 1) {
					return false;
				}
			}
		}
		List<Object[]> inserts = new ArrayList<>();
		List<Object[]> updates = new ArrayList<>();
		for (EntitlementUse use : uses) {
			if (use.stored()) {
				updates.add(new Object[] { use.units(), use.holdId(), use.entitlementId() });
			}
			else {
				inserts.add(new Object[] { use.holdId(), use.entitlementId(), use.units(), time(use.periodStart()) });
			}
		}
		if (!inserts.isEmpty()) {
			this.jdbc.batchUpdate(INSERT_USE, inserts);
		}
		if (!updates.isEmpty()) {
			this.jdbc.batchUpdate(UPDATE_USE, updates);
		}
		return true;
	}

	Entitlement insert(long customerId, String externalId, EntitlementRequest request, BigDecimal units,
			Instant start, Instant now) {
		UUID id = UUID.randomUUID();
		this.jdbc.update(INSERT, id, customerId, request.product(), units, Money.zero(), request.period().name(),
				time(start), time(start), time(request.period().periodStart(start, 1)), time(request.expiresAt()),
				request.reference(), time(now));
		return Objects.requireNonNull(this.jdbc.queryForObject(BY_ID, mapper(externalId), id));
	}

	Optional<Entitlement> byReference(long customerId, String externalId, @Nullable String reference) {
		if (reference == null) {
			return Optional.empty();
		}
		return this.jdbc.query(BY_REFERENCE, mapper(externalId), customerId, reference).stream().findFirst();
	}

	/** The customer's entitlements in effect now, as they stand in the current period. */
	List<Entitlement> current(long customerId, String externalId, Instant now) {
		List<Entitlement> current = new ArrayList<>();
		for (Entitlement entitlement : this.jdbc.query(CURRENT, mapper(externalId), customerId, time(now), time(now))) {
			current.add(inPeriod(entitlement, now));
		}
		return current;
	}

	/** The entitlement as it stands in the period containing {@code now}. */
	private static Entitlement inPeriod(Entitlement entitlement, Instant now) {
		if (entitlement.periodEnd() == null || entitlement.periodEnd().isAfter(now)) {
			return entitlement;
		}
		EntitlementPeriod period = entitlement.period();
		Instant anchor = entitlement.anchorAt();
		long index = period.periodIndex(anchor, now);
		return new Entitlement(entitlement.id(), entitlement.customer(), entitlement.product(), entitlement.units(),
				Money.zero(), period, anchor, Objects.requireNonNull(period.periodStart(anchor, index)),
				period.periodStart(anchor, index + 1), entitlement.expiresAt(), entitlement.reference());
	}

	private static RowMapper<Entitlement> mapper(String externalId) {
		return (rs, row) -> new Entitlement(Rows.uuid(rs, "id"), externalId, rs.getString("product"),
				Rows.amount(rs, "units"), Rows.amount(rs, "used"), EntitlementPeriod.valueOf(rs.getString("period")),
				Rows.instant(rs, "anchor_at"), Rows.instant(rs, "period_start"), Rows.nullableInstant(rs, "period_end"),
				Rows.nullableInstant(rs, "expires_at"), rs.getString("reference"));
	}

}

package io.credyt.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

import io.credyt.engine.Command;
import io.credyt.engine.Plan;
import io.credyt.engine.Snapshot;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;

import static io.credyt.jdbc.Rows.time;

/**
 * Holds: authorizations placed before the work. A hold ends exactly once, by an update guarded
 * by its still being active; the batch that ends holds locks them first, in id order.
 */
final class HoldStore {

	private static final String SELECT = "SELECT h.*, c.external_id FROM credyt_hold h"
			+ " JOIN credyt_customer c ON c.id = h.customer_id WHERE h.id = ?";

	private static final String LOCK = "SELECT id, status, usage_event_id FROM credyt_hold WHERE id IN (:ids)"
			+ " ORDER BY id FOR UPDATE";

	private static final String EXPIRED = "SELECT id FROM credyt_hold WHERE status = 'ACTIVE' AND expires_at <= ?"
			+ " ORDER BY expires_at FETCH FIRST ? ROWS ONLY";

	private static final String SELECT_MANY = "SELECT h.*, c.external_id FROM credyt_hold h"
			+ " JOIN credyt_customer c ON c.id = h.customer_id WHERE h.id IN (:ids)";

	private static final String INSERT = "INSERT INTO credyt_hold (id, customer_id, asset, product, quantity, dimensions,"
			+ " entitled_units, amount, status, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String END = "UPDATE credyt_hold SET status = ?, ended_at = ?, usage_event_id = ?"
			+ " WHERE id = ? AND status = 'ACTIVE'";

	private final JdbcOperations jdbc;

	private final NamedParameterJdbcOperations named;

	HoldStore(JdbcOperations jdbc, NamedParameterJdbcOperations named) {
		this.jdbc = jdbc;
		this.named = named;
	}

	Optional<Hold> find(UUID id) {
		return this.jdbc.query(SELECT, Rows.HOLD, id).stream().findFirst();
	}

	/** Locks holds a batch ends, in id order, and reads what can change of them. */
	Map<UUID, Snapshot.HoldRow> lock(Collection<UUID> ids) {
		Map<UUID, Snapshot.HoldRow> rows = new HashMap<>();
		if (ids.isEmpty()) {
			return rows;
		}
		this.named.query(LOCK, new MapSqlParameterSource("ids", ids), (rs) -> {
			rows.put(Rows.uuid(rs, "id"), new Snapshot.HoldRow(HoldStatus.valueOf(rs.getString("status")),
					rs.getString("usage_event_id")));
		});
		return rows;
	}

	/** Up to {@code limit} expired active holds, the longest expired first, read without a lock: the sweeper locks them after their accounts. */
	List<Command.Release> expired(Instant now, int limit) {
		List<UUID> ids = this.jdbc.query(EXPIRED, (rs, row) -> Rows.uuid(rs, "id"), time(now), limit);
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.named.query(SELECT_MANY, new MapSqlParameterSource("ids", ids),
				(rs, row) -> new Command.Release(rs.getLong("customer_id"), Rows.HOLD.mapRow(rs, row),
						HoldStatus.EXPIRED));
	}

	/** The insert of a batch's new holds. */
	SqlStatements.Write insert(List<Plan.HoldInsert> holds) {
		List<Object[]> rows = new ArrayList<>(holds.size());
		for (Plan.HoldInsert insert : holds) {
			Hold hold = insert.hold();
			rows.add(new Object[] { hold.id(), insert.customerId(), hold.asset(), hold.product(), hold.quantity(),
					Rows.encode(hold.dimensions()), hold.entitledUnits(), hold.amount(), hold.status().name(),
					time(hold.createdAt()), time(hold.expiresAt()) });
		}
		return new SqlStatements.Write(SqlStatements.BulkWrite.INSERT_HOLDS, INSERT, rows);
	}

	/** The end of a batch's holds, each only if still active (one that is not changes no row). */
	SqlStatements.Write end(List<Plan.HoldEnd> ends) {
		List<Object[]> rows = new ArrayList<>(ends.size());
		for (Plan.HoldEnd end : ends) {
			rows.add(new Object[] { end.status().name(), time(end.at()), end.usageEventId(), end.holdId() });
		}
		return new SqlStatements.Write(SqlStatements.BulkWrite.END_HOLDS, END, rows);
	}

}

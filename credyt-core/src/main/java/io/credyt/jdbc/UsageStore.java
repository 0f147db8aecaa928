package io.credyt.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

import io.credyt.engine.Plan;
import io.credyt.ledger.UsageRecord;

import static io.credyt.jdbc.Rows.time;

/**
 * Usage events, keyed by their idempotency key: an event id is billed at most once. A batch
 * inserts its events unless their ids exist, and learns from the counts whether one was billed
 * meanwhile (then the batch is planned again with the ids read).
 */
final class UsageStore {

	private static final String COLUMNS = "id, fingerprint, customer_id, product, quantity, dimensions, occurred_at,"
			+ " recorded_at, asset, entitled_units, fee, fee_promotional, fee_bundled, fee_paid, fee_unfunded, cost,"
			+ " hold_id";

	private static final String SELECT = "SELECT u.*, c.external_id FROM credyt_usage_event u"
			+ " JOIN credyt_customer c ON c.id = u.customer_id WHERE u.id = ?";

	private static final String FINGERPRINT = "SELECT fingerprint FROM credyt_usage_event WHERE id = ?";

	private static final String FINGERPRINTS = "SELECT id, fingerprint FROM credyt_usage_event WHERE id IN (:ids)";

	private final JdbcOperations jdbc;

	private final NamedParameterJdbcOperations named;

	private final String insert;

	UsageStore(JdbcOperations jdbc, NamedParameterJdbcOperations named, SqlStatements statements) {
		this.jdbc = jdbc;
		this.named = named;
		this.insert = statements.insertIfAbsent("credyt_usage_event", COLUMNS, "id");
	}

	Optional<UsageRecord> find(String eventId) {
		return this.jdbc.query(SELECT, Rows.USAGE, eventId).stream().findFirst();
	}

	@Nullable String fingerprint(String eventId) {
		List<String> found = this.jdbc.queryForList(FINGERPRINT, String.class, eventId);
		return found.isEmpty() ? null : found.get(0);
	}

	/** The fingerprints of the event ids that are billed already. */
	Map<String, String> fingerprints(Collection<String> eventIds) {
		Map<String, String> found = new HashMap<>();
		if (eventIds.isEmpty()) {
			return found;
		}
		this.named.query(FINGERPRINTS, new MapSqlParameterSource("ids", eventIds),
				(rs) -> {
					found.put(rs.getString("id"), rs.getString("fingerprint"));
				});
		return found;
	}

	/** The insert of a batch's events, each unless its id was billed meanwhile (then it changes no row). */
	SqlStatements.Write insert(List<Plan.UsageInsert> usages) {
		List<Object[]> rows = new ArrayList<>(usages.size());
		for (Plan.UsageInsert insert : usages) {
			UsageRecord usage = insert.usage();
			rows.add(new Object[] { usage.id(), insert.fingerprint(), insert.customerId(), usage.product(),
					usage.quantity(), Rows.encode(usage.dimensions()), time(usage.occurredAt()), time(usage.recordedAt()),
					usage.asset(), usage.entitledUnits(), usage.fee(), usage.split().promotional(), usage.split().bundled(),
					usage.split().paid(), usage.split().unfunded(), usage.cost(), usage.holdId() });
		}
		return new SqlStatements.Write(SqlStatements.BulkWrite.INSERT_USAGE, this.insert, rows);
	}

}

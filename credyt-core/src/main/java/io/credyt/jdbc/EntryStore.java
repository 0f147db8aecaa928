package io.credyt.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;

import io.credyt.engine.Plan;
import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.LedgerEntry;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.money.Asset;

import static io.credyt.jdbc.Rows.time;

/**
 * The append-only history: ledger entries, adjustments and conversion residuals, and the pages a
 * customer's history is read in.
 */
final class EntryStore {

	private static final String INSERT_ENTRY = "INSERT INTO credyt_entry (customer_id, asset, amount, type, reference,"
			+ " created_at) VALUES (?, ?, ?, ?, ?, ?)";

	private static final String INSERT_ADJUSTMENT = "INSERT INTO credyt_adjustment (id, customer_id, asset, amount,"
			+ " reason, reference, note, grant_id, created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String INSERT_ROUNDING = "INSERT INTO credyt_rounding (asset, amount, reference, created_at)"
			+ " VALUES (?, ?, ?, ?)";

	private final JdbcOperations jdbc;

	EntryStore(JdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	/** Posts one entry (nothing for a zero amount). */
	void post(long customerId, String asset, BigDecimal amount, EntryType type, String reference, Instant now) {
		if (amount.signum() == 0) {
			return;
		}
		this.jdbc.update(INSERT_ENTRY, customerId, asset, amount, type.name(), reference, time(now));
	}

	/** A batch's entries. */
	SqlStatements.Write post(List<Plan.Posting> postings, Instant now) {
		List<Object[]> rows = new ArrayList<>(postings.size());
		for (Plan.Posting posting : postings) {
			rows.add(new Object[] { posting.customerId(), posting.asset(), posting.amount(), posting.type().name(),
					posting.reference(), time(now) });
		}
		return new SqlStatements.Write(SqlStatements.BulkWrite.INSERT_ENTRIES, INSERT_ENTRY, rows);
	}

	void adjustment(Adjustment adjustment, long customerId) {
		this.jdbc.update(INSERT_ADJUSTMENT, adjustment.id(), customerId, adjustment.asset(), adjustment.amount(),
				adjustment.reason().name(), adjustment.reference(), adjustment.note(), adjustment.grantId(),
				time(adjustment.createdAt()), adjustment.actor());
	}

	/** A conversion's residual, valued in the base currency. */
	void rounding(BigDecimal residual, String reference, Instant now) {
		this.jdbc.update(INSERT_ROUNDING, Asset.USD.code(), residual, reference, time(now));
	}

	Page<LedgerEntry> entries(@Nullable Long customerId, String externalId, PageRequest page) {
		return page(customerId, page, "credyt_entry", "id DESC",
				(rs, row) -> new LedgerEntry(rs.getLong("id"), externalId, rs.getString("asset"), Rows.amount(rs, "amount"),
						EntryType.valueOf(rs.getString("type")), rs.getString("reference"), Rows.instant(rs, "created_at")));
	}

	Page<io.credyt.ledger.UsageRecord> usage(@Nullable Long customerId, String externalId, PageRequest page) {
		return page(customerId, page, "credyt_usage_event", "recorded_at DESC, id DESC",
				(rs, row) -> Rows.usage(rs, externalId));
	}

	Page<Adjustment> adjustments(@Nullable Long customerId, String externalId, PageRequest page) {
		return page(customerId, page, "credyt_adjustment", "created_at DESC, id DESC", adjustment(externalId));
	}

	static RowMapper<Adjustment> adjustment(String externalId) {
		return (rs, row) -> new Adjustment(Rows.uuid(rs, "id"), externalId, rs.getString("asset"),
				Rows.amount(rs, "amount"), AdjustmentReason.valueOf(rs.getString("reason")), rs.getString("reference"),
				rs.getString("note"), Rows.nullableUuid(rs, "grant_id"), Rows.instant(rs, "created_at"),
				rs.getString("actor"));
	}

	private <T> Page<T> page(@Nullable Long customerId, PageRequest page, String table, String order,
			RowMapper<T> mapper) {
		if (customerId == null) {
			return new Page<>(List.of(), page.page(), page.size(), 0);
		}
		Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE customer_id = ?", Long.class,
				customerId);
		List<T> items = this.jdbc.query("SELECT * FROM " + table + " WHERE customer_id = ? ORDER BY " + order
				+ " LIMIT ? OFFSET ?", mapper, customerId, page.size(), page.offset());
		return new Page<>(items, page.page(), page.size(), (total != null) ? total : 0);
	}

}

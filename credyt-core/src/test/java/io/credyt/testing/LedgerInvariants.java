package io.credyt.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.fail;

/**
 * Checks the invariants of DESIGN.md with SQL over a whole ledger database, so a test proves
 * them on what was committed rather than on what the engine says:
 * <ul>
 * <li>every account's {@code posted} equals the sum of its ledger entries (conservation);</li>
 * <li>its {@code held} equals the sum of its active holds;</li>
 * <li>{@code posted − held ≥ −overdraft_limit};</li>
 * <li>the remaining value of its effective grants equals {@code max(posted, 0)};</li>
 * <li>every usage event's fee equals promotional + bundled + paid + unfunded;</li>
 * <li>a hold ends exactly once: every captured hold names its usage event, an active hold has no
 * end time and an ended one has, and a usage event captured from a hold is that hold's event.</li>
 * </ul>
 */
public final class LedgerInvariants {

	private static final String ACCOUNTS = """
			SELECT a.customer_id, a.asset, a.posted, a.held, a.overdraft_limit,
				COALESCE((SELECT SUM(e.amount) FROM credyt_entry e
					WHERE e.customer_id = a.customer_id AND e.asset = a.asset), 0) AS entries,
				COALESCE((SELECT SUM(h.amount) FROM credyt_hold h
					WHERE h.customer_id = a.customer_id AND h.asset = a.asset AND h.status = 'ACTIVE'), 0) AS holds,
				COALESCE((SELECT SUM(g.remaining) FROM credyt_grant g
					WHERE g.customer_id = a.customer_id AND g.asset = a.asset AND g.effective = TRUE), 0) AS grants
			FROM credyt_account a
			ORDER BY a.customer_id, a.asset""";

	private static final String FEES = """
			SELECT id, fee, fee_promotional, fee_bundled, fee_paid, fee_unfunded FROM credyt_usage_event
			ORDER BY id""";

	private LedgerInvariants() {
	}

	/**
	 * Fails with every violated invariant listed.
	 * @param dataSource the ledger's database
	 */
	public static void assertAll(DataSource dataSource) {
		List<String> violations = violations(dataSource);
		if (!violations.isEmpty()) {
			fail(violations.size() + " ledger invariant(s) violated:\n  " + String.join("\n  ", violations));
		}
	}

	/**
	 * Every violated invariant, described.
	 * @param dataSource the ledger's database
	 * @return the violations, empty when all hold
	 */
	public static List<String> violations(DataSource dataSource) {
		List<String> violations = new ArrayList<>();
		try (Connection connection = dataSource.getConnection()) {
			checkAccounts(connection, violations);
			checkFees(connection, violations);
			rows(connection, "SELECT id FROM credyt_hold WHERE status = 'CAPTURED' AND usage_event_id IS NULL",
					"captured hold without a usage event: ", violations);
			rows(connection, "SELECT id FROM credyt_hold WHERE status = 'ACTIVE' AND ended_at IS NOT NULL",
					"active hold with an end time: ", violations);
			rows(connection, "SELECT id FROM credyt_hold WHERE status <> 'ACTIVE' AND ended_at IS NULL",
					"ended hold without an end time: ", violations);
			rows(connection, "SELECT id FROM credyt_hold WHERE status NOT IN ('ACTIVE', 'CAPTURED', 'RELEASED', 'EXPIRED')",
					"hold with an unknown status: ", violations);
			rows(connection, """
					SELECT u.id FROM credyt_usage_event u JOIN credyt_hold h ON h.id = u.hold_id
					WHERE h.status <> 'CAPTURED' OR h.usage_event_id IS NULL OR h.usage_event_id <> u.id""",
					"usage event whose hold is not captured as that event: ", violations);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not check the ledger invariants", ex);
		}
		return violations;
	}

	private static void checkAccounts(Connection connection, List<String> violations) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(ACCOUNTS);
				ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				String account = "account " + rs.getLong("customer_id") + "/" + rs.getString("asset");
				BigDecimal posted = rs.getBigDecimal("posted");
				BigDecimal held = rs.getBigDecimal("held");
				BigDecimal overdraft = rs.getBigDecimal("overdraft_limit");
				BigDecimal entries = rs.getBigDecimal("entries");
				BigDecimal holds = rs.getBigDecimal("holds");
				BigDecimal grants = rs.getBigDecimal("grants");
				if (posted.compareTo(entries) != 0) {
					violations.add(account + ": posted " + plain(posted) + " != sum of entries " + plain(entries));
				}
				if (held.compareTo(holds) != 0) {
					violations.add(account + ": held " + plain(held) + " != sum of active holds " + plain(holds));
				}
				if (posted.subtract(held).compareTo(overdraft.negate()) < 0) {
					violations.add(account + ": available " + plain(posted.subtract(held)) + " below -overdraft "
							+ plain(overdraft));
				}
				BigDecimal expectedGrants = posted.max(BigDecimal.ZERO);
				if (grants.compareTo(expectedGrants) != 0) {
					violations.add(account + ": effective grants remaining " + plain(grants) + " != max(posted, 0) "
							+ plain(expectedGrants));
				}
			}
		}
	}

	private static void checkFees(Connection connection, List<String> violations) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(FEES); ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				BigDecimal fee = rs.getBigDecimal("fee");
				BigDecimal parts = rs.getBigDecimal("fee_promotional")
					.add(rs.getBigDecimal("fee_bundled"))
					.add(rs.getBigDecimal("fee_paid"))
					.add(rs.getBigDecimal("fee_unfunded"));
				if (fee.compareTo(parts) != 0) {
					violations.add("usage event " + rs.getString("id") + ": fee " + plain(fee)
							+ " != promotional + bundled + paid + unfunded " + plain(parts));
				}
			}
		}
	}

	private static void rows(Connection connection, String sql, String description, List<String> violations)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				violations.add(description + rs.getString(1));
			}
		}
	}

	private static String plain(BigDecimal amount) {
		return amount.stripTrailingZeros().toPlainString();
	}

}

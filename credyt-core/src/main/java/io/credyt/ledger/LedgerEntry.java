package io.credyt.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One line of the append-only ledger: an account's {@code posted} balance is the sum of its
 * entries.
 *
 * @param id the entry id, increasing
 * @param customer the customer's external id
 * @param asset the asset code
 * @param amount the signed amount
 * @param type what it records
 * @param reference the usage event, grant or adjustment it belongs to
 * @param createdAt when it was written
 */
public record LedgerEntry(long id, String customer, String asset, BigDecimal amount, EntryType type,
		String reference, Instant createdAt) {
}

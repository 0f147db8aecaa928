package io.credyt.ledger;

import java.math.BigDecimal;

/**
 * One account of a wallet: {@code available = posted − held}, never below
 * {@code −overdraftLimit}.
 *
 * @param asset the asset code
 * @param posted the sum of the account's ledger entries
 * @param held the total of its active holds
 * @param available what can still be authorized, before the overdraft limit
 * @param overdraftLimit how far below zero {@code available} may go (0 by default)
 */
public record AccountBalance(String asset, BigDecimal posted, BigDecimal held, BigDecimal available,
		BigDecimal overdraftLimit) {
}

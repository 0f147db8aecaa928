package io.credyt.ledger;

import java.time.Instant;

/**
 * The application's user, as the ledger knows it. Each has one wallet: one account per asset.
 *
 * @param id the ledger's own id
 * @param externalId the application's user id
 * @param createdAt when the ledger first saw the customer
 */
public record Customer(long id, String externalId, Instant createdAt) {
}

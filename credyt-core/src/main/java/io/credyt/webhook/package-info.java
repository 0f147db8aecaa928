/**
 * Outbound webhooks: events written to an outbox in the same transaction as the ledger change
 * that causes them, delivered by any instance with retries, signed with Credyt's header and the
 * Standard Webhooks headers; and the verifier a receiver checks them with.
 */
@NullMarked
package io.credyt.webhook;

import org.jspecify.annotations.NullMarked;

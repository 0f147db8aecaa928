/**
 * Auto-configuration of outbound webhooks: destinations from properties, the outbox on the
 * ledger's events, and the dispatcher that delivers on every instance.
 */
@NullMarked
package io.credyt.autoconfigure.webhook;

import org.jspecify.annotations.NullMarked;

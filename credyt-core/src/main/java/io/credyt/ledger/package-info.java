/**
 * The billing engine's public API: customers, wallets and accounts, holds, usage, credit grants, entitlements, adjustments and the append-only ledger.
 */
@NullMarked
package io.credyt.ledger;

import org.jspecify.annotations.NullMarked;

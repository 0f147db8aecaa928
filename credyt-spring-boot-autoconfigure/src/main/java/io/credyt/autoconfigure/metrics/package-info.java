/**
 * Micrometer meters for the ledger's hot path.
 */
@NullMarked
package io.credyt.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;

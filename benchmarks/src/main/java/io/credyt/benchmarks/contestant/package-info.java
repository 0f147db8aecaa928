/**
 * The contestants: Credyt through {@code @Billable} and through the ledger directly, and what a
 * user would otherwise write or use for the same job.
 */
@NullMarked
package io.credyt.benchmarks.contestant;

import org.jspecify.annotations.NullMarked;

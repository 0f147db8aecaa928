/**
 * Read-only reports over the ledger for the billing portal and the operator dashboard.
 */
@NullMarked
package io.credyt.report;

import org.jspecify.annotations.NullMarked;

/**
 * The operator dashboard (customers, balances, charges, top-ups; for one role only) and the
 * reports it and the billing portal read.
 */
@NullMarked
package io.credyt.autoconfigure.admin;

import org.jspecify.annotations.NullMarked;

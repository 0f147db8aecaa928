/**
 * What an operator does to a customer's wallet: refunds of charges and top-ups, gifts and
 * balance corrections, each idempotent, recorded with who did it and why.
 */
@NullMarked
package io.credyt.adjust;

import org.jspecify.annotations.NullMarked;

/**
 * Short database transactions of their own, run again when they lost a lock wait: the one
 * retry helper every store uses.
 */
@NullMarked
package io.credyt.transaction;

import org.jspecify.annotations.NullMarked;

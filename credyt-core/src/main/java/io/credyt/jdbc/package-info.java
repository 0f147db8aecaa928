/**
 * The JDBC store behind the ledger, on H2 and PostgreSQL: conditional updates on the hot path, no row locks taken by reads, no JVM locks as the source of truth.
 */
@NullMarked
package io.credyt.jdbc;

import org.jspecify.annotations.NullMarked;

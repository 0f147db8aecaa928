/**
 * The JDBC ledger on the application's {@code DataSource}, and its schema initializer.
 */
@NullMarked
package io.credyt.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;

/**
 * Credyt for Spring: prepaid, credit-based billing that runs in-process on the application's own
 * database.
 */
@NullMarked
package io.credyt;

import org.jspecify.annotations.NullMarked;

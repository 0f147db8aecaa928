/**
 * Spring Boot auto-configuration for Credyt: the {@code credyt.*} properties, the catalog they
 * declare, {@code @Billable} wiring, sign-up allowances and the hold sweeper.
 */
@NullMarked
package io.credyt.autoconfigure;

import org.jspecify.annotations.NullMarked;

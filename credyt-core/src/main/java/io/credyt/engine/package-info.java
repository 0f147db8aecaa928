/**
 * The engine's pure half: commands (authorize, capture, release, record) and the planner that
 * turns a batch of them, against a snapshot of the locked accounts, entitlements and grants, into
 * each caller's outcome and the writes that carry them out. Nothing here touches a database; the
 * JDBC stores apply what is planned.
 */
@NullMarked
package io.credyt.engine;

import org.jspecify.annotations.NullMarked;

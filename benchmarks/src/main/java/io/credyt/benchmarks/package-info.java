/**
 * The side-by-side performance harness: one embedded PostgreSQL server, the same scenarios for
 * every contestant, every operation's latency recorded, conservation checked after each run.
 */
@NullMarked
package io.credyt.benchmarks;

import org.jspecify.annotations.NullMarked;

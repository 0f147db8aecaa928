/**
 * JMH benchmarks; run them from the shaded jar with {@code org.openjdk.jmh.Main}.
 */
@NullMarked
package io.credyt.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;

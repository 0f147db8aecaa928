/**
 * {@code @Billable}: authorize before a paid method runs, capture after it returns, release when
 * it throws.
 */
@NullMarked
package io.credyt.annotation;

import org.jspecify.annotations.NullMarked;

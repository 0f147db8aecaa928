/**
 * Plans and subscriptions: a recurring fee bundled with an allowance, then per-unit prices.
 */
@NullMarked
package io.credyt.subscription;

import org.jspecify.annotations.NullMarked;

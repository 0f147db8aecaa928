/**
 * Top-ups: the payment provider (Stripe when configured, the test provider otherwise), the
 * top-up policy and the service that credits payments.
 */
@NullMarked
package io.credyt.autoconfigure.payment;

import org.jspecify.annotations.NullMarked;

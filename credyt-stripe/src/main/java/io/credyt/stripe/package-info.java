/**
 * Stripe behind the payment SPI: Checkout Sessions for top-ups, off-session PaymentIntents for
 * auto top-up, and verification of Stripe's signed webhooks, on the official {@code stripe-java}
 * SDK.
 */
@NullMarked
package io.credyt.stripe;

import org.jspecify.annotations.NullMarked;

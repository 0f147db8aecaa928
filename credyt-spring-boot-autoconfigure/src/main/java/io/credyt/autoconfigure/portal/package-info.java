/**
 * The customer billing portal (balances, entitlements, top-ups, auto top-up, usage and
 * transactions) reached through signed, expiring portal links; the test payment provider's card
 * form; and the Stripe webhook endpoint.
 */
@NullMarked
package io.credyt.autoconfigure.portal;

import org.jspecify.annotations.NullMarked;

package io.credyt.autoconfigure.web.api;

import java.time.Instant;

/**
 * A fresh link that opens the billing portal for the signed-in customer.
 *
 * @param url the absolute link, to open in a browser
 * @param expiresAt when the link stops working
 */
public record ApiPortalLink(String url, Instant expiresAt) {
}

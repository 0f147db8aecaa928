package io.credyt.payment;

/**
 * A started checkout.
 *
 * @param sessionId the provider's session id
 * @param redirectUrl where to send the customer to pay
 */
public record Checkout(String sessionId, String redirectUrl) {
}

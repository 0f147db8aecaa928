package io.credyt.autoconfigure.web.api;

/**
 * What is left of one product: free units, and free units plus what the balance buys at the
 * default price.
 *
 * @param product the product code
 * @param free free units left, whole units
 * @param freeText the same for people: {@code "10 free images"}
 * @param left units the customer can still get
 * @param leftText the same for people: {@code "18 images left"}
 */
public record ApiProductBalance(String product, long free, String freeText, long left, String leftText) {
}

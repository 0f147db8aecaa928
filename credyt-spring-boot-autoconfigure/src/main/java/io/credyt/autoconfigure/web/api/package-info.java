/**
 * The billing JSON API for single-page and mobile clients: the signed-in customer's balance, usage
 * and a portal link, behind the application's own security.
 */
@NullMarked
package io.credyt.autoconfigure.web.api;

import org.jspecify.annotations.NullMarked;

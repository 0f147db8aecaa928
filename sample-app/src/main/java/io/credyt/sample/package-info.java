/**
 * The image-generation app from the article: sign-up and sign-in, the balance in every page's
 * header, a Generate page billed per image with Credyt (free images first, then the prepaid
 * balance), and the billing and top-up pages.
 */
@NullMarked
package io.credyt.sample;

import org.jspecify.annotations.NullMarked;

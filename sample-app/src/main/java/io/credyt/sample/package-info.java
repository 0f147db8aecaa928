/**
 * The image-generation app from the article: sign-up and sign-in, the balance in every page's
 * header, a Generate page billed per image with Credyt (free images first, then the prepaid
 * balance), the page that sends a customer who cannot pay to Credyt's billing portal, and an
 * operator account for Credyt's dashboard.
 */
@NullMarked
package io.credyt.sample;

import org.jspecify.annotations.NullMarked;

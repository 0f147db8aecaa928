/**
 * A small image-generation demo that bills each image with Credyt: free images first, then the
 * prepaid balance.
 */
@NullMarked
package io.credyt.sample;

import org.jspecify.annotations.NullMarked;

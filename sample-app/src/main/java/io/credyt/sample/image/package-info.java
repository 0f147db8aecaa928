/**
 * Image generation: the {@link io.credyt.sample.image.ImageGenerator} that draws or fetches the
 * pictures, the billed {@link io.credyt.sample.image.ImageService} in front of it, and the
 * in-memory store the pages show them from.
 */
@NullMarked
package io.credyt.sample.image;

import org.jspecify.annotations.NullMarked;

/**
 * Actuator support: the {@code credyt} endpoint and the {@code credyt} health indicator.
 */
@NullMarked
package io.credyt.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;

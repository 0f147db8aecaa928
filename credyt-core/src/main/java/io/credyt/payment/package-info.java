/**
 * Money in: the payment provider SPI (checkout, confirmation, off-session charges) behind top-ups.
 */
@NullMarked
package io.credyt.payment;

import org.jspecify.annotations.NullMarked;

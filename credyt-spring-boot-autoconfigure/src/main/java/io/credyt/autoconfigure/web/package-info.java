/**
 * The web layer: the balance in every MVC model, and HTTP 402 for a wallet that cannot pay.
 */
@NullMarked
package io.credyt.autoconfigure.web;

import org.jspecify.annotations.NullMarked;

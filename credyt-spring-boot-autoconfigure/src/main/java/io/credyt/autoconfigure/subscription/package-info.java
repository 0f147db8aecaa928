/**
 * Auto-configuration of plans and subscriptions.
 */
@NullMarked
package io.credyt.autoconfigure.subscription;

import org.jspecify.annotations.NullMarked;

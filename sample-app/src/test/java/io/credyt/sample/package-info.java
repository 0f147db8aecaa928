@NullMarked
package io.credyt.sample;

import org.jspecify.annotations.NullMarked;

@NullMarked
package io.credyt.sample.image;

import org.jspecify.annotations.NullMarked;

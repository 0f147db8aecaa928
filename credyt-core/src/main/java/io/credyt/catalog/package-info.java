/**
 * Products, prices (per dimension value, per package) and vendor costs: what a unit of work costs the customer and the operator.
 */
@NullMarked
package io.credyt.catalog;

import org.jspecify.annotations.NullMarked;

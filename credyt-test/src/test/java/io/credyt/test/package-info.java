/**
 * The kit's own tests, on an application with Spring MVC, Thymeleaf and Spring Security.
 */
@NullMarked
package io.credyt.test;

import org.jspecify.annotations.NullMarked;

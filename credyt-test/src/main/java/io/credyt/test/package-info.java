/**
 * The Credyt test kit, for an application's own tests: fund a wallet in one call, finish a test
 * checkout over MockMvc or HTTP, read a balance and assert on it ({@link CredytAssertions}), and
 * a fresh customer for every test ({@link CredytTest#newCustomer()}).
 */
@NullMarked
package io.credyt.test;

import org.jspecify.annotations.NullMarked;

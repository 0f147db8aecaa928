/**
 * Test infrastructure shipped in credyt-core's test jar so later modules reuse it: fresh H2 and
 * embedded PostgreSQL databases, a mutable clock, SQL checks of the ledger invariants, row
 * counts, a fault-injecting data source, the test catalog and a concurrent runner.
 */
package io.credyt.testing;

package io.credyt.benchmarks.contestant;

import javax.sql.DataSource;

/**
 * The database one contestant gets for one scenario, through two pools: {@code setup} creates and
 * funds the data (its sessions commit with {@code synchronous_commit = off}, so funding ten
 * thousand wallets takes seconds, not minutes), {@code measured} carries every measured operation
 * and the conservation check with the server's settings untouched ({@code synchronous_commit = on}).
 *
 * @param name the database name
 * @param setup the pool for creating and funding the data
 * @param measured the pool the measured operations use, sized for the scenario's threads
 */
public record RowDatabase(String name, DataSource setup, DataSource measured) {
}

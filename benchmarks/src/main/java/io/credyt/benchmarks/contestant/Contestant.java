package io.credyt.benchmarks.contestant;

/**
 * One way of charging a prepaid wallet for an operation. The harness gives each contestant a
 * database of its own, lets it create and fund its wallets, calls {@link #charge} from many
 * threads, then asks it to prove that no money was created or lost.
 */
public interface Contestant extends AutoCloseable {

	/**
	 * The name in the results table.
	 * @return the name
	 */
	String name();

	/**
	 * Creates the contestant's tables and funds every wallet with {@link Wallets#fundedOperations()}
	 * operations' worth. Nothing here is measured.
	 * @param database the contestant's own, empty database
	 * @param wallets the wallets to fund
	 * @throws Exception if the data cannot be created
	 */
	void prepare(RowDatabase database, Wallets wallets) throws Exception;

	/**
	 * Charges one operation to a wallet. Called from many threads at once.
	 * @param wallet the wallet's index, from 0 to {@link Wallets#count()} − 1
	 * @return whether the wallet was charged ({@code false}: declined)
	 */
	boolean charge(int wallet);

	/**
	 * Checks conservation on what was committed: every balance is its starting funds minus what
	 * was charged to it, nothing is negative, and exactly {@code charged} operations were paid for.
	 * @param charged how many calls of {@link #charge} returned {@code true}
	 * @return the verdict
	 */
	Conservation check(long charged);

	/** Releases what {@link #prepare} started; the database itself is dropped by the harness. */
	@Override
	void close();

}

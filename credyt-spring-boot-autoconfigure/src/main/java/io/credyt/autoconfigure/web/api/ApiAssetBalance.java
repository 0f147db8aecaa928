package io.credyt.autoconfigure.web.api;

/**
 * One account of the wallet. Amounts are exact decimals written as strings (never JSON numbers,
 * which many clients read as binary floating point), with at least the asset's display precision.
 *
 * @param asset the asset code, e.g. {@code USD}
 * @param available what can be spent now: {@code "4.35"}
 * @param posted the account's booked balance
 * @param held what active holds reserve
 * @param display the available amount for people, rounded down: {@code "$4.35"}
 */
public record ApiAssetBalance(String asset, String available, String posted, String held, String display) {
}

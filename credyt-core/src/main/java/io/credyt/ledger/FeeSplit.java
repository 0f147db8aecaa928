package io.credyt.ledger;

import java.math.BigDecimal;

/**
 * Which value paid a fee. {@code promotional + bundled + paid + unfunded == fee}; only
 * {@code paid} is recognized revenue, and {@code unfunded} is what an overdraft lent.
 *
 * @param promotional taken from promotional grants
 * @param bundled taken from bundled grants
 * @param paid taken from paid grants
 * @param unfunded taken beyond all grants (within the overdraft limit)
 */
public record FeeSplit(BigDecimal promotional, BigDecimal bundled, BigDecimal paid, BigDecimal unfunded) {

	public BigDecimal total() {
		return this.promotional.add(this.bundled).add(this.paid).add(this.unfunded);
	}

}

package io.credyt.adjust;

import java.math.BigDecimal;
import java.util.List;

import io.credyt.money.Money;

/**
 * What a refund of charges did.
 *
 * @param refunded the charges this action refunded
 * @param alreadyRefunded the ids of charges it left alone because an earlier action had refunded
 * them (only when refunding the last charges)
 * @param replayed whether this is the answer of an earlier call with the same idempotency key
 */
public record ChargeRefunds(List<ChargeRefund> refunded, List<String> alreadyRefunded, boolean replayed) {

	public ChargeRefunds {
		refunded = List.copyOf(refunded);
		alreadyRefunded = List.copyOf(alreadyRefunded);
	}

	/**
	 * The fees given back, in all (of every asset: use with one asset).
	 * @return the total
	 */
	public BigDecimal total() {
		BigDecimal total = Money.zero();
		for (ChargeRefund refund : this.refunded) {
			total = total.add(refund.fee());
		}
		return total;
	}

}

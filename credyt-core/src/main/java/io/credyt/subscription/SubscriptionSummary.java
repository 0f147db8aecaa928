package io.credyt.subscription;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The subscriptions at a glance, for the operator.
 *
 * @param counts how many subscriptions are in each status
 * @param mrr monthly recurring revenue by currency: each active subscription's fee as a monthly
 * amount (a yearly fee / 12, a weekly fee × 52 / 12, a daily fee × 365 / 12)
 */
public record SubscriptionSummary(Map<SubscriptionStatus, Long> counts, Map<String, BigDecimal> mrr) {

	public long count(SubscriptionStatus status) {
		return this.counts.getOrDefault(status, 0L);
	}

}

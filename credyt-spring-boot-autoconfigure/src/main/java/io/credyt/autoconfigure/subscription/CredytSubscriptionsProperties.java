package io.credyt.autoconfigure.subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How subscriptions renew: {@code credyt.subscriptions.*}. The plans themselves are declared under
 * {@code credyt.plans}.
 */
@ConfigurationProperties("credyt.subscriptions")
public class CredytSubscriptionsProperties {

	/** When a renewal whose fee could not be collected is tried again, counted from the period's end; after the last, the subscription is cancelled. */
	private List<Duration> retrySchedule = new ArrayList<>(List.of(Duration.ofDays(1), Duration.ofDays(3)));

	/** How often each instance looks for subscriptions to renew. */
	private Duration renewalInterval = Duration.ofMinutes(1);

	/** The most subscriptions one look handles. */
	private int batchSize = 100;

	/** Whether this instance runs renewals on a timer (they can also be run by calling Subscriptions.renewDue). */
	private boolean renewalsEnabled = true;

	public List<Duration> getRetrySchedule() {
		return this.retrySchedule;
	}

	public void setRetrySchedule(List<Duration> retrySchedule) {
		this.retrySchedule = retrySchedule;
	}

	public Duration getRenewalInterval() {
		return this.renewalInterval;
	}

	public void setRenewalInterval(Duration renewalInterval) {
		this.renewalInterval = renewalInterval;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public boolean isRenewalsEnabled() {
		return this.renewalsEnabled;
	}

	public void setRenewalsEnabled(boolean renewalsEnabled) {
		this.renewalsEnabled = renewalsEnabled;
	}

}

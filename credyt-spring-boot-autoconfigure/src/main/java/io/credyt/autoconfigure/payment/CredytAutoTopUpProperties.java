package io.credyt.autoconfigure.payment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The limits of auto top-up, each customer's own threshold, amount and saved card that charges
 * the card when a debit takes the balance below the threshold.
 */
@ConfigurationProperties("credyt.auto-top-up")
public class CredytAutoTopUpProperties {

	/**
	 * Whether customers may turn on auto top-up, and recorded usage checks it.
	 */
	private boolean enabled = true;

	/**
	 * How long after a failed top-up no new one starts for that customer.
	 */
	private Duration cooldown = Duration.ofHours(1);

	/**
	 * How many top-ups a customer's auto top-up may try per UTC day.
	 */
	private int maxPerDay = 3;

	/**
	 * How long a top-up may stay in flight before it is presumed lost (the process died
	 * mid-charge) and is tried again under the same idempotency key.
	 */
	private Duration staleAfter = Duration.ofMinutes(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getCooldown() {
		return this.cooldown;
	}

	public void setCooldown(Duration cooldown) {
		this.cooldown = cooldown;
	}

	public int getMaxPerDay() {
		return this.maxPerDay;
	}

	public void setMaxPerDay(int maxPerDay) {
		this.maxPerDay = maxPerDay;
	}

	public Duration getStaleAfter() {
		return this.staleAfter;
	}

	public void setStaleAfter(Duration staleAfter) {
		this.staleAfter = staleAfter;
	}

}

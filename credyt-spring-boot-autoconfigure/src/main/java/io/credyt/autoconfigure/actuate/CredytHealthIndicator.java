package io.credyt.autoconfigure.actuate;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.credyt.autoconfigure.HoldSweeper;
import io.credyt.payment.PaymentProvider;

/**
 * The {@code credyt} health: {@code DOWN} when a table of the ledger is missing (details
 * {@code schema: missing} and the {@code missingTables}) or when the hold sweeper is stopped (holds
 * would then keep their funds reserved forever). Its details also say which payment provider takes
 * top-ups ({@code stripe}, {@code test}, or {@code none}) and whether it moves real money; having
 * no provider is not unhealthy (customers just cannot top up).
 */
public class CredytHealthIndicator extends AbstractHealthIndicator {

	private final JdbcCredytStatus status;

	private final @Nullable HoldSweeper sweeper;

	private final @Nullable PaymentProvider paymentProvider;

	/**
	 * Creates the indicator.
	 * @param status the ledger's read-only queries
	 * @param sweeper the hold sweeper, or {@code null} when the application has none
	 * @param paymentProvider the payment provider, or {@code null} when none is configured
	 */
	public CredytHealthIndicator(JdbcCredytStatus status, @Nullable HoldSweeper sweeper,
			@Nullable PaymentProvider paymentProvider) {
		super("Credyt health check failed");
		this.status = status;
		this.sweeper = sweeper;
		this.paymentProvider = paymentProvider;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean up = true;
		List<String> missing = this.status.missingTables();
		if (missing.isEmpty()) {
			builder.withDetail("schema", "present");
		}
		else {
			up = false;
			builder.withDetail("schema", "missing").withDetail("missingTables", missing);
		}
		if (this.sweeper == null) {
			builder.withDetail("holdSweeper", "none");
		}
		else if (this.sweeper.isRunning()) {
			builder.withDetail("holdSweeper", "running");
		}
		else {
			up = false;
			builder.withDetail("holdSweeper", "stopped");
		}
		if (this.paymentProvider == null) {
			builder.withDetail("paymentProvider", "none");
		}
		else {
			builder.withDetail("paymentProvider", this.paymentProvider.name())
				.withDetail("livePayments", this.paymentProvider.live());
		}
		if (up) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

}

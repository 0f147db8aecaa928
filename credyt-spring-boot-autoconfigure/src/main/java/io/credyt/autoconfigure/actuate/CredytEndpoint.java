package io.credyt.autoconfigure.actuate;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code credyt} Actuator endpoint ({@code /actuator/credyt} once exposed): how many customers
 * the ledger knows, the active holds and how old the oldest is, the auto top-ups that are failing
 * and the payments still pending. It reads, and never writes.
 */
@Endpoint(id = "credyt")
public class CredytEndpoint {

	private final JdbcCredytStatus status;

	public CredytEndpoint(JdbcCredytStatus status) {
		this.status = status;
	}

	/**
	 * Reads the ledger's counts.
	 * @return them
	 */
	@ReadOperation
	public CredytStatus status() {
		return this.status.status();
	}

}
